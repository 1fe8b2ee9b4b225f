package io.plugboard.rewards.server;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The protocol's request authentication: {@code Authorization: Bearer <token>} and
 * {@code X-Plugboard-Signature: sha256=<hex HMAC-SHA256 of the raw body>}. Comparisons are
 * constant-time. Stateless and thread-safe; never logs or returns the secret.
 */
public final class RequestSigning {
  /** The signature header name. */
  public static final String HEADER = "X-Plugboard-Signature";

  private RequestSigning() {}

  /** {@code sha256=<hex>} for {@code body} under {@code secret}. */
  public static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static boolean signatureMatches(String header, byte[] body, String secret) {
    if (header == null) return false;
    return MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8), sign(body, secret).getBytes(StandardCharsets.UTF_8));
  }

  static boolean tokenMatches(String header, String token) {
    if (header == null) return false;
    return MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }
}
