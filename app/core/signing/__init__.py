"""Keys, PDF signatures, signed result packages, safe writes to removable media, and verification."""
from app.core.signing import texts as _texts  # noqa: F401 - registers this area's reason codes once

# Public entry points (import the submodules; they are kept apart so `keys` does not load pyHanko):
#   keys.create_root / new_key / branch_request / issue_branch_cert / accept_issued_cert /
#        self_signed_branch / export_pkcs12 / import_pkcs12 / fingerprint
#   pdfsign.sign_pdf, package.build_package, safewrite.write_file_safely,
#   verify.verify_package, chain.load_trust_root, texts.describe
