"""Reason codes of keys, packages, media writes and verification, as msgids of the shared catalogue."""
from __future__ import annotations

from app.core import messages
from app.core.i18n import N_, _
from app.core.signing.report import Check

MESSAGES: dict[str, str] = {
    # keys and certificates
    "key_organization_missing": N_("The organization name is empty"),
    "bad_request_file": N_("This is not a valid certificate request file"),
    "bad_certificate_file": N_("This is not a certificate file"),
    "bad_trust_root": N_("The trusted root file does not hold the higher level's root certificate"),
    "cert_key_mismatch": N_("This certificate was issued for a different key"),
    "cert_not_from_root": N_("This certificate was not issued by the given root certificate"),
    "passphrase_too_short": N_("The passphrase is too short"),
    "not_a_key_file": N_("This is not a key file"),
    "wrong_passphrase": N_("Wrong passphrase for this key file"),
    "bad_pdf": N_("The PDF cannot be read for signing"),
    "input_unreadable": N_("The file cannot be read"),
    "output_exists": N_("A file with this name already exists: nothing was overwritten"),
    "passphrase_missing": N_("No passphrase was given"),
    "passphrase_mismatch": N_("The two passphrases differ"),
    # building a package
    "package_summary_incomplete": N_("The election summary is incomplete"),
    "package_rounds_invalid": N_("A package needs at least one round, each with its own id"),
    "package_audit_invalid": N_("The audit log entries lack their hashes"),
    "package_bad_name": N_("A report in the package has an unusable file name"),
    # the higher-level workspace
    "workspace_missing": N_("The workspace file does not exist"),
    "not_a_workspace": N_("This is not a votedesk higher-level workspace"),
    "branch_unknown": N_("This organization is not registered in the workspace"),
    "wrong_root_key": N_("This key file is not the workspace's root key"),
    "package_unknown": N_("No such package in the workspace"),
    # writing to removable media
    "media_full": N_("Not enough space on the USB stick or folder: nothing was written"),
    "media_read_only": N_("The USB stick or folder is read-only: nothing was written"),
    "media_gone": N_("The USB stick or folder is no longer there: check it and write again"),
    "media_write_failed": N_("Writing failed: nothing usable was left on the medium"),
    "media_verify_failed": N_("The file read back differently from what was written: the medium may be failing"),
    # verification: the container and its seal
    "not_a_package": N_("This is not a votedesk result package"),
    "container_damaged": N_("The package file is damaged"),
    "container_not_canonical": N_("The package file was altered outside votedesk"),
    "container_duplicate_file": N_("The package holds the same file twice"),
    "container_too_many_files": N_("The package holds too many files"),
    "manifest_malformed": N_("The package's list of files is unreadable"),
    "signature_missing": N_("The package is not signed"),
    "signature_malformed": N_("The package signature is damaged"),
    "signature_invalid": N_("The package signature is not valid"),
    "manifest_digest_mismatch": N_("The package's list of files was changed after signing"),
    "signer_is_root": N_("Signed with the root certificate itself instead of a branch certificate"),
    "self_signed": N_("Signed with a self-signed certificate: compare its fingerprint with the paper report"),
    "not_issued_by_root": N_("The signer's certificate was not issued by the trusted higher level"),
    "cert_expired": N_("The signer's certificate is not valid at this time"),
    "cert_not_for_signing": N_("The signer's certificate is not a signing certificate"),
    "chain_invalid": N_("The signer's certificate chain is not valid"),
    "not_a_branch_certificate": N_("The signer's certificate was not issued to a branch"),
    "certs_mismatch": N_("The certificates in the package do not match the signature"),
    "file_missing": N_("A file listed in the package is missing"),
    "hash_mismatch": N_("A file was changed after the package was signed"),
    "unlisted_file": N_("The package holds files that were not signed"),
    # verification: PDFs and audit log
    "no_reports": N_("The package holds no signed report"),
    "not_checked": N_("Not checked, because the package failed its integrity checks"),
    "pdf_unreadable": N_("A report PDF cannot be read"),
    "pdf_signature_count": N_("A report PDF must carry exactly one signature"),
    "pdf_signature_invalid": N_("A report's signature is not valid"),
    "pdf_not_entire_file": N_("A report was changed after it was signed"),
    "pdf_untrusted": N_("A report is not signed with a certificate from the trusted higher level"),
    "pdf_signer_differs": N_("A report is signed by someone other than the package signer"),
    "pdf_signer_role": N_("The document is signed with a certificate not issued for this kind of document"),
    "not_a_reply": N_("This PDF is not a votedesk approval reply"),
    "reply_other_package": N_("This approval reply answers a different result package"),
    "reply_to_rejected": N_("A package that failed verification cannot be approved"),
    "audit_malformed": N_("The audit log is unreadable"),
    "audit_log_broken": N_("The audit log's hash chain is broken"),
    "audit_entry_missing_seq": N_("The audit log has a gap in its entry numbers"),
    "audit_head_mismatch": N_("The audit log does not end where the signed list says"),
    # verification: result and recount
    "result_malformed": N_("The result file is unreadable"),
    "count_input_invalid": N_("A round's ballots or tallies are not valid count input"),
    "recount_disagrees": N_("The recount from the ballots does not give the claimed result"),
    "quorum_misreported": N_("The claimed attendance differs from the count input"),
    "ballot_validity_disagrees": N_("The ballots claimed valid and invalid do not match the ballots"),
    "too_many_elected": N_("More people elected than seats"),
    "summary_disagrees": N_("The election summary disagrees with the rounds"),
    "write_in_not_on_roll": N_("A written-in name who is not on the member roll was elected"),
}

# Verdicts on claims reuse the engine's reason codes, whose shared sentences need parameters that a
# verification check does not carry; these parameter-free sentences are used for them instead.
_CLAIMS: dict[str, str] = {
    "quorum_not_met": N_("Elected although the quorum was not met"),
    "margin_too_small": N_("Too few candidates for the seats"),
    "below_threshold": N_("Elected without more than half of the voters present"),
    "ballot_over_seats": N_("More yes votes than the valid ballots allow"),
    "not_eligible": N_("Someone without the right to be elected was elected"),
    "returned_exceeds_issued": N_("Elected although the vote is invalid"),
    "returned_exceeds_present": N_("Elected although the vote is invalid"),
    "issued_exceeds_present": N_("Elected although the vote is invalid"),
}

# Register once so app.core.messages.message(code) renders these codes too (skipping any already there).
messages.register({k: v for k, v in MESSAGES.items() if k not in messages.MESSAGES})


def describe(check: Check) -> str:
    """One line for a failing check: the translated sentence, the rule id, then the specifics."""
    table = MESSAGES if check.reason in MESSAGES else _CLAIMS
    sentence = _(table[check.reason]) if check.reason in table else check.reason.replace("_", " ")
    rule = f" ({check.rule})" if check.rule else ""
    return f"{sentence}{rule}" + (f": {check.detail}" if check.detail else "")
