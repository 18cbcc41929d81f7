"""The simulator's parameters: every rate, amount and delay in one place.

Rates are per month unless the name says otherwise; amounts are euro cents. The values are set so
that the default town lands within tolerance of the calibration targets (see
docs/calibration-report.md); change them here, never inline in the model code.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIGRATION", "PARAMS", "WIJKEN", "Params"]

#: Neighbourhoods: (name, share of addresses, fragility offset, share buiten_europa, share europa).
WIJKEN: tuple[tuple[str, float, float, float, float], ...] = (
    ("Centrum", 0.12, 0.10, 0.14, 0.12),
    ("Oude Haven", 0.11, 0.55, 0.30, 0.10),
    ("Vogelbuurt", 0.14, 0.40, 0.22, 0.08),
    ("Bloemenwijk", 0.15, -0.15, 0.10, 0.07),
    ("De Akkers", 0.13, -0.35, 0.06, 0.06),
    ("Parkzicht", 0.12, -0.25, 0.08, 0.07),
    ("Molenkamp", 0.12, 0.20, 0.16, 0.09),
    ("Buitenveld", 0.11, -0.45, 0.04, 0.05),
)

#: Migration background categories (CBS) and their fragility offsets in the base world.
MIGRATION: tuple[tuple[str, float], ...] = (
    ("nederland", 0.0),
    ("europa", 0.15),
    ("buiten_europa", 0.35),
)


@dataclass(frozen=True)
class Params:
    # --- households at the start (shares of households) ---
    share_single: float = 0.385
    share_couple: float = 0.285
    share_couple_kids: float = 0.245
    share_single_parent: float = 0.075
    share_roommates: float = 0.03  # of single households: share an address with another single
    kids_mean_extra: float = 0.8  # children beyond the first (Poisson)
    share_x: float = 0.003  # geslacht X

    # --- demography (per month) ---
    birth_rate: float = 0.0055  # per couple-household with a woman aged 20-42
    death_base: float = 0.0000014  # per person, times exp(age/10)
    separation_rate: float = 0.0011  # per couple
    new_partner_rate: float = 0.0018  # per single adult aged 22-60 (partner moves in from outside)
    leave_home_rate: float = 0.012  # per child aged 18-26 at home
    leave_home_stay: float = 0.55  # of those: stays in the municipality
    move_out_rate: float = 0.0035  # per household (leaves the municipality)
    move_within_rate: float = 0.004  # per household (new address in the municipality)
    separated_stay: float = 0.7  # the leaving partner stays in the municipality

    # --- latent finances ---
    capacity_median: float = 68_000.0  # repayment capacity (cents/month) at fragility 0
    capacity_fragility: float = 0.75  # log-capacity slope in fragility
    capacity_sigma: float = 0.55
    fragility_sigma: float = 1.0
    job_loss_base: float = 0.0035
    job_find: float = 0.08  # per month of unemployment
    illness_base: float = 0.002
    illness_end: float = 0.10
    illness_unemployed: float = 40.0  # illness hazard multiplier while unemployed
    shock_hazard_slope: float = 0.55  # log-hazard slope in fragility
    bijstand_after: int = 6  # months unemployed before social assistance
    factor_unemployed: float = 0.15
    factor_ill: float = 0.8
    factor_separated: float = 0.8
    factor_birth: float = 0.85
    separated_months: int = 12
    birth_months: int = 6

    # --- case arrivals (per eligible adult per month), amounts (cents, lognormal median/sigma) ---
    wahv_rate: float = 0.025
    wahv_fragility: float = 0.8  # log-rate slope in fragility
    wahv_median: float = 14_000.0
    wahv_sigma: float = 0.5
    wahv_admin: int = 900  # administratiekosten per WAHV fine
    straf_rate: float = 0.0009
    straf_median: float = 45_000.0
    straf_sigma: float = 0.6
    ib_rate: float = 0.02
    ib_median: float = 70_000.0
    ib_sigma: float = 0.9
    tsl_rate: float = 0.004  # per adult in a household with fragility > tsl_min_fragility
    tsl_min_fragility: float = -0.5
    tsl_unemployed: float = 4.0  # clawback rate multiplier while unemployed
    tsl_median: float = 90_000.0
    tsl_sigma: float = 0.8
    duo_share: float = 0.25  # adults aged 22-40 with a student debt in repayment
    duo_install_median: float = 14_000.0
    duo_install_sigma: float = 0.5
    wmo_share: float = 0.09  # adults 65+
    wmo_install_median: float = 6_000.0
    wlz_share: float = 0.04  # adults 80+
    wlz_install_median: float = 40_000.0
    care_sigma: float = 0.5
    premium_cent: int = 15_800  # monthly health premium
    premium_regime_factor: float = 1.3  # bestuursrechtelijke premie
    premium_miss_months: int = 6
    regime_withhold: float = 0.75  # share of regime cases withheld at source
    regime_end: float = 0.045  # per month the insurer debt is settled and the regime ends
    insurer_miss: float = 0.15  # chance a strained household misses the premium this month

    # --- payment behaviour ---
    pay_buffer_months: float = 2.0  # savings buffer, in months of capacity, for paying bills
    pay_on_time: float = 0.90  # full payment by the due date when the household can afford it
    pay_partial: float = 0.35  # partial payment when it cannot
    pay_late: float = 0.01  # per month: a late payer pays a claim in long arrears in full
    pay_late_regular: float = 0.4  # the same for other households
    forget: float = 0.05  # even when affordable, a demand is sometimes paid late
    late_payer_share: float = 0.36  # households that pay late out of habit (at fragility 0)
    late_payer_slope: float = 0.5
    late_payer_forget: float = 0.7  # their chance to let an affordable demand slide a month
    demand_divisor: float = 18.0  # months over which demanded arrears count as monthly repayment
    problematic_after: int = 6  # months of demanded repayments above capacity
    problematic_end_after: int = 6  # months below capacity before it is considered resolved
    remit_bd: float = 0.03  # per month, bd claim after Aanmaning, low capacity: remitted
    withdraw_rate: float = 0.008  # per month, demand withdrawn and remitted (bezwaar granted)

    # --- outcomes ---
    aanmelding_base: float = 0.026  # per month in problematic debt, at 8 years of debt history
    aanmelding_dur_power: float = 1.2
    aanmelding_severity: float = 0.35
    wsnp_share: float = 0.12
    ontruiming_rate: float = 0.0012
    afsluiting_rate: float = 0.0018
    help_remit_share: float = 0.6
    prehistory_years_mean: float = 4.0  # debt history before the burn-in for chronic debtors

    # --- registration and delivery delays ---
    late_registration: float = 0.04  # events registered 1-2 months after they happened
    outcome_delay_probs: tuple[float, float, float] = (0.6, 0.3, 0.1)
    burn_in_months: int = 24


PARAMS = Params()
