"""YouthCity volunteering engine: the hours ledger and certificate codes (pure Python + NumPy).

Public API::

    ledger = compute_ledger(shifts, records, corrections, rule)   # -> HoursLedger (LedgerError lists every issue)
    issues = validate_batch(shifts, records, corrections, rule)   # -> [Issue] (empty: the batch is accepted)
    ledger.by_person(); ledger.by_project(); ledger.by_period(Period.MONTH); ledger.history(record_id)
    credit_minutes(check_in, check_out, shift_start, shift_end, rule)   # one record, epoch seconds
    compute_totals(RecordArrays(...), rule)                        # millions of effective records at once
    code = issue_code(content, secret); verify(code, content, secret)   # certificate codes
    certificate_layout(content, code, verify_url=...)              # the certificate as data

See README.md in this folder for the rules, the code format and the boundaries.
"""

from .bulk import ArrayTotals, RecordArrays, compute_totals
from .certificates import (
    CertificateContent,
    CertificateLayout,
    Verification,
    VerificationStatus,
    canonical_content,
    certificate_layout,
    issue_code,
    normalise_code,
    verify,
)
from .errors import CODES, Issue, LedgerError, VolunteeringError
from .ledger import (
    CreditedRecord,
    HoursLedger,
    RecordStatus,
    compute_ledger,
    minutes_to_hours,
    validate_batch,
)
from .model import (
    AttendanceRecord,
    Correction,
    OutsideShift,
    Period,
    RoundingMode,
    RoundingRule,
    Shift,
    Source,
)
from .rounding import credit_minutes, credit_minutes_array

__all__ = [
    "CODES",
    "ArrayTotals",
    "AttendanceRecord",
    "CertificateContent",
    "CertificateLayout",
    "Correction",
    "CreditedRecord",
    "HoursLedger",
    "Issue",
    "LedgerError",
    "OutsideShift",
    "Period",
    "RecordArrays",
    "RecordStatus",
    "RoundingMode",
    "RoundingRule",
    "Shift",
    "Source",
    "Verification",
    "VerificationStatus",
    "VolunteeringError",
    "canonical_content",
    "certificate_layout",
    "compute_ledger",
    "compute_totals",
    "credit_minutes",
    "credit_minutes_array",
    "issue_code",
    "minutes_to_hours",
    "normalise_code",
    "validate_batch",
    "verify",
]
