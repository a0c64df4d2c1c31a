-- What finish and renewal need to verify TPM evidence without ever storing a secret.
-- challenge.ak_public: the AK TPM2B_PUBLIC presented at begin, so finish can verify the AK signature.
-- challenge.qualifying_data: SHA-256(UTF-8(challengeId) || secret), the expected TPM2_Certify extraData;
--   the device sends it in clear inside certifyInfo, and it cannot be turned back into the secret.
-- challenge.ek_sha256: SHA-256 of the EK TPM2B_PUBLIC, recorded on the device when finish succeeds.
-- device.ek_sha256 / device.ak_public: the keys of the last full attestation; a renewal with a new TPM
--   key must be certified by this AK.
ALTER TABLE challenge ADD COLUMN ak_public BLOB;
ALTER TABLE challenge ADD COLUMN qualifying_data BLOB CHECK (qualifying_data IS NULL OR length(qualifying_data) = 32);
ALTER TABLE challenge ADD COLUMN ek_sha256 BLOB CHECK (ek_sha256 IS NULL OR length(ek_sha256) = 32);
ALTER TABLE device ADD COLUMN ek_sha256 BLOB CHECK (ek_sha256 IS NULL OR length(ek_sha256) = 32);
ALTER TABLE device ADD COLUMN ak_public BLOB;
