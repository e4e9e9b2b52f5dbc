// OpenSSL's libcrypto from Debian's libssl-dev: only its one-shot SHA-256 is used (module Digest).
#include <openssl/sha.h>
