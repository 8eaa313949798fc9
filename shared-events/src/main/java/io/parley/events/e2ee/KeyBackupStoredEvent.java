package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code userId} stored a key backup, replacing any previous one: the backup key's public half and
 * its private half as an armored, passphrase-protected OpenPGP private key. The server cannot open
 * it; only the public key and fingerprint take part in key sets.
 */
public record KeyBackupStoredEvent(
    UUID userId,
    String fingerprint,
    String publicKey,
    String encryptedPrivateKey,
    Instant storedAt) {}
