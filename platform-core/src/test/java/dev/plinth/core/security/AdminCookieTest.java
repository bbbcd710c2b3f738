package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminCookieTest {

  @Test
  void theCookieIsHttpOnlyStrictAndLivesAsLongAsItsSession() {
    assertThat(AdminCookie.issue("abc_-1", Duration.ofHours(8), false))
        .isEqualTo("plinth_admin=abc_-1; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
  }

  @Test
  void itIsSecureWhenPlinthIsServedOverHttps() {
    assertThat(AdminCookie.secureFor("https://plinth.example")).isTrue();
    assertThat(AdminCookie.secureFor("HTTPS://plinth.example")).isTrue();
    assertThat(AdminCookie.secureFor("http://localhost:9080")).isFalse();
    assertThat(AdminCookie.issue("x", Duration.ofHours(1), true)).endsWith("; Secure");
    assertThat(AdminCookie.clear(true))
        .isEqualTo("plinth_admin=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
  }

  @Test
  void itCountsOnTheAdminApiOnly() {
    assertThat(AdminCookie.countsOn("admin/webhooks")).isTrue();
    assertThat(AdminCookie.countsOn("/admin/errors/1/resolve")).isTrue();
    assertThat(AdminCookie.countsOn("admin")).isTrue();
    assertThat(AdminCookie.countsOn("tenants/acme")).isFalse();
    assertThat(AdminCookie.countsOn("t/acme/campaigns")).isFalse();
    assertThat(AdminCookie.countsOn("administrators")).isFalse();
    assertThat(AdminCookie.countsOn("")).isFalse();
    assertThat(AdminCookie.countsOn("admin/../tenants/acme")).isFalse();
    assertThat(AdminCookie.countsOn("admin/./webhooks")).isFalse();
  }

  @Test
  void onlyReadsGoWithoutTheCsrfToken() {
    assertThat(AdminCookie.changesState("POST")).isTrue();
    assertThat(AdminCookie.changesState("PUT")).isTrue();
    assertThat(AdminCookie.changesState("PATCH")).isTrue();
    assertThat(AdminCookie.changesState("DELETE")).isTrue();
    assertThat(AdminCookie.changesState("GET")).isFalse();
    assertThat(AdminCookie.changesState("HEAD")).isFalse();
    assertThat(AdminCookie.changesState("OPTIONS")).isFalse();
  }
}
