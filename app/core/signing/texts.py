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
    "package_refused": N_("Nothing was signed or written: the higher level's check would refuse this result package."
                          "\n{reasons}"),
    # the higher-level workspace
    "workspace_missing": N_("The workspace file does not exist"),
    "not_a_workspace": N_("This is not a votedesk higher-level workspace"),
    "branch_unknown": N_("This organization is not registered in the workspace"),
    "wrong_root_key": N_("This key file is not the workspace's root key"),
    "package_unknown": N_("No such package in the workspace"),
    "paper_code_missing": N_("Type the verification codes from the counting reports first"),
    "return_needs_reasons": N_("A return (退回) must say what the branch is to correct"),
    "reply_other_election": N_("This reply answers a result package of another election file"),
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
    "container_too_large": N_("The package file is larger than any result package can be"),
    "container_entry_too_large": N_("A file in the package is larger than any result package holds"),
    "container_compressed": N_("The package file was compressed or encrypted outside votedesk: it was not unpacked"),
    "container_entries_overlap": N_("The files inside the package overlap: it was not unpacked"),
    "same_signed_content": N_("The same signed package as one already imported, its files only laid out differently: "
                              "nothing changed"),
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
    "cert_revoked": N_("The signer's certificate was revoked by the higher level before the signing time it can attest"),
    "timestamp_unreadable": N_("The higher level's timestamp on the archive copy cannot be read"),
    "timestamp_invalid": N_("The higher level's timestamp does not match the archive copy or is not valid at this time"),
    "timestamp_untrusted": N_("The timestamp was not made with the higher level's time-stamping key"),
    "timestamp_key_revoked": N_("The higher level's time-stamping key was revoked"),
    "signed_after_timestamp": N_("The package claims to be signed after the higher level's timestamp"),
    "archive_report_invalid": N_("The archive copy of a report is altered or its timestamp is not valid"),
    "bad_crl_file": N_("This is not a revocation list file"),
    "crl_not_from_root": N_("This revocation list was not issued by the trusted higher level"),
    "not_a_tsa_key": N_("This key file is not the higher level's time-stamping key"),
    "tsa_key_expired": N_("The time-stamping key has expired: issue a new one with the root key"),
    "archive_not_valid": N_("The package does not verify, so it was not timestamped"),
    "bad_revocation_reason": N_("Unknown reason for revoking a certificate"),
    "branch_has_no_certificate": N_("This branch has no issued certificate to revoke"),
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
    "audit_broken_before_signing": N_("Nothing was signed: the election file's audit log does not verify (a record was "
                                      "changed outside votedesk). Keep the file unchanged and ask your support contact"),
    "signer_not_organization": N_("The package was signed with another organization's key"),
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
    "round_ballots_changed": N_("A round's ballots are not the ones counted when it was closed"),
    "round_not_logged": N_("The election file's record does not show a round being closed"),
    "round_not_bound": N_("A round closed by an older votedesk is checked by the recount only"),
    "paper_code_mismatch": N_("A verification code from the paper matches no round of the package"),
    "result_report_missing": N_("The package holds no result report"),
    "paper_disagrees": N_("A signed paper in the package does not state the results of its result file"),
    "cert_registered_elsewhere": N_("The package was signed with a certificate this workspace issued to another "
                                    "organization"),
}

# Rule checks and recounts name the round and the numbers: "check_<reason>" sentences take the Check's params.
CHECK_SENTENCES: dict[str, str] = {
    "check_signer_not_organization": N_("The package was signed with the key of {signer}, but its results are those of "
                                        "{organization}"),
    "check_quorum_not_met": N_("{round}: {names} declared elected although only {present} of {expected} voters were "
                               "present; at least {min_present} are needed"),
    "check_quorum_misreported": N_("{round}: the attendance on the counting report differs from the sign-in "
                                   "({present} of {expected} present)"),
    "check_margin_too_small": N_("{round}: {candidates} candidate(s) for {seats} seat(s) in a competitive election; "
                                 "at least {min_candidates} are needed"),
    "check_returned_exceeds_issued": N_("{round}: more ballots returned ({returned}) than issued ({issued}), yet "
                                        "{names} declared elected"),
    "check_returned_exceeds_present": N_("{round}: more ballots returned ({returned}) than voters present ({present}), "
                                         "yet {names} declared elected"),
    "check_issued_exceeds_present": N_("{round}: more ballots issued ({issued}) than voters present ({present}), yet "
                                       "{names} declared elected"),
    "check_ballot_validity_disagrees": N_("{round}: the counting report's valid and invalid ballots ({claimed_valid} "
                                          "and {claimed_invalid}) do not match the ballots ({valid} and {invalid})"),
    "check_ballot_over_seats": N_("{round}: {yes} yes votes on {valid} valid ballots, more than {seats} a ballot allows"),
    "check_below_threshold": N_("{round}: {names} declared elected without more than half of the {base} voters "
                                "present (at least {min_yes} yes votes are needed)"),
    "check_too_many_elected": N_("{round}: {elected} declared elected for {seats} seat(s)"),
    "check_not_eligible": N_("{round}: {names} declared elected without the right to be elected"),
    "check_write_in_not_on_roll": N_("{round}: {names} (written in) declared elected but not on the member roll"),
    "check_recount_disagrees": N_("{round}: the recount from the ballots does not give the result on the counting report"),
    "check_count_input_invalid": N_("{round}: the round's ballots or tallies cannot be counted"),
    "check_round_ballots_changed": N_("{round}: the ballots in the package are not the ones counted when the round was "
                                      "closed at the meeting; the election file was changed afterwards"),
    "check_round_not_logged": N_("{round}: the election file's record does not show this round being closed at the "
                                 "meeting"),
    "check_paper_code_mismatch": N_("The code {typed} from the counting report matches no round of this package: the "
                                    "electronic record of {round} is not what was counted and signed at the meeting"),
    "check_paper_disagrees": N_("The {paper} in the package does not state {round} as its result file does (names, "
                                "votes, attendance or who was elected): it is not this election's paper"),
    "check_cert_registered_elsewhere": N_("The package was signed with the certificate this workspace issued to "
                                          "{registered}, but its results are those of {organization}"),
    "check_round_not_bound": N_("{round}: closed by an older votedesk that did not record its ballots, so they are "
                                "checked by the recount only"),
}

# Where each refusal is corrected: a step of the wizard (its title as the side panel shows it) and what to do there.
_COUNTING = ("counting", N_("correct the wrong ballot as a recorded amendment, then mark the results official again"))
_VOTE_AGAIN = ("ballots", N_("ballots issued and returned must agree with those present; the vote is held again"))
_KEY = ("report", N_("sign with the branch key that holds the certificate issued by the higher level"))
_REPLY = ("report", N_("choose the reply the higher level signed for this result package, and its root certificate"))
_AGAIN = ("report", N_("sign and export the package again from the election file; never edit the package file"))
FIXES: dict[str, tuple[str, str]] = {
    "margin_too_small": ("setup", N_("the post's seats and whether its election is competitive, then the candidate "
                                     "list; the vote on that post is held again")),
    "quorum_not_met": ("sign_in", N_("a round without a quorum is held again once enough voters are present")),
    "quorum_misreported": ("sign_in", N_("the attendance recorded for that round")),
    "returned_exceeds_issued": _VOTE_AGAIN, "returned_exceeds_present": _VOTE_AGAIN, "issued_exceeds_present": _VOTE_AGAIN,
    "ballot_validity_disagrees": _COUNTING, "ballot_over_seats": _COUNTING, "recount_disagrees": _COUNTING,
    "below_threshold": _COUNTING, "too_many_elected": _COUNTING, "count_input_invalid": _COUNTING,
    "summary_disagrees": _COUNTING,
    "not_eligible": ("roll", N_("the member's right to be elected, then the nominations; the seat is voted again")),
    "write_in_not_on_roll": ("roll", N_("the member roll, then the ballot as a recorded amendment")),
    "self_signed": ("report", N_("import the certificate issued by the higher level into the branch key; until then "
                                 "the higher level compares the fingerprint with the paper report")),
    "signer_is_root": _KEY, "not_issued_by_root": _KEY, "cert_expired": _KEY, "cert_not_for_signing": _KEY,
    "chain_invalid": _KEY, "not_a_branch_certificate": _KEY, "pdf_untrusted": _KEY, "pdf_signer_role": _KEY,
    "cert_revoked": ("report", N_("the branch key was revoked: make a new key request, have the higher level issue its "
                                  "certificate, then sign and export the package again")),
    "signer_not_organization": ("report", N_("sign with the key issued to the organization whose election this is")),
    "not_a_reply": _REPLY, "reply_other_package": _REPLY, "reply_other_election": _REPLY,
    "audit_log_broken": ("report", N_("the election file's audit log does not verify: keep the file unchanged and ask "
                                      "your support contact")),
    "audit_broken_before_signing": ("report", N_("the election file's audit log does not verify: keep the file "
                                                 "unchanged and ask your support contact")),
    "audit_entry_missing_seq": ("report", N_("the election file's audit log does not verify: keep the file unchanged "
                                             "and ask your support contact")),
    "round_ballots_changed": ("report", N_("the election file's audit log does not verify: keep the file unchanged and "
                                           "ask your support contact")),
    "paper_code_mismatch": ("", N_("compare each code with the counting reports that came with the package and "
                                   "import the package again with the corrected codes, which judges it again; if every "
                                   "code was typed correctly, return the package (退回) and ask the branch for its "
                                   "election file and the signed counting reports")),
    "round_not_logged": ("report", N_("the election file's audit log does not verify: keep the file unchanged and ask "
                                      "your support contact")),
}

# Verdicts on claims reuse the engine's reason codes; without a round's params these plain sentences are used.
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

# Register once so app.core.messages.message(code) renders these codes too (skipping any already there);
# the plain claim sentences under "claim_<reason>", as the engine's codes already carry parameterized ones.
messages.register({k: v for k, v in {**MESSAGES, **CHECK_SENTENCES}.items() if k not in messages.MESSAGES})
messages.register({f"claim_{k}": v for k, v in _CLAIMS.items() if f"claim_{k}" not in messages.MESSAGES})


def sentence(check: Check) -> str:
    """What is wrong, translated, with the rule cited (through app.core.messages) and the round's numbers."""
    code = f"check_{check.reason}"
    if code in CHECK_SENTENCES and check.params:
        return messages.message(code, **{**check.params, "rule": check.rule})
    if check.reason in _CLAIMS:
        return messages.message(f"claim_{check.reason}", rule=check.rule)
    if check.reason in MESSAGES:
        return _(MESSAGES[check.reason])  # container, seal, certificate and PDF checks cite no rule
    return _("Unexpected check result: {code}").format(code=check.reason)


def fix(check: Check) -> str:
    """Where and how the refusal is corrected, e.g. "To correct: Preparation — the post's seats …"."""
    from app.core.workflow.labels import step_label  # labels only: no workflow import from signing

    step, action = FIXES.get(check.reason, _AGAIN)
    if not step:  # corrected at the higher level, not at a step of the branch's wizard
        return _("To correct at the higher level: {action}").format(action=_(action))
    return _("To correct: {step} — {action}").format(step=_(step_label(step)), action=_(action))


def describe(check: Check) -> str:
    """One line for a failing check in the user's language: what is wrong (rule cited), then where to correct it."""
    return _("{problem}. {fix}").format(problem=sentence(check).rstrip("。."), fix=fix(check))
