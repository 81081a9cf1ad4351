package io.paynotify.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.error.AppException;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void acceptsOneTo255VisibleCharactersOnly() {
    assertThat(IdempotencyKeys.checked("export-7f3a9c")).isEqualTo("export-7f3a9c");
    assertThat(IdempotencyKeys.checked("k".repeat(255))).hasSize(255);
    for (String bad : new String[] {null, "", "k".repeat(256), "a b", "a\tb", "é"}) {
      assertThatThrownBy(() -> IdempotencyKeys.checked(bad)).isInstanceOf(AppException.class);
    }
  }

  @Test
  void aFingerprintTellsRequestsApartEvenWhenTheirPartsRunTogether() {
    assertThat(IdempotencyKeys.fingerprint("42", "-1", "export")).isEqualTo(IdempotencyKeys.fingerprint("42", "-1", "export"));
    assertThat(IdempotencyKeys.fingerprint("42", "-1", "export")).isNotEqualTo(IdempotencyKeys.fingerprint("4", "2-1", "export"));
  }
}
