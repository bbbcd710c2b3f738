package dev.plinth.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The customer pages are in the jar, start with their title (the host adds what comes before), and
 * are self-contained as the core's Content-Security-Policy needs: their scripts are plain {@code
 * <script>} blocks (the core gives each a nonce), and nothing is loaded from another origin or
 * styled inline.
 */
class ReservationsPagesTest {

  static String read(String resource) throws IOException {
    try (InputStream in =
        ReservationsPagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyPageIsInTheJarAndSelfContained() throws IOException {
    var pages = new ReservationsModule().pages();
    assertThat(pages).containsKeys("", "item", "success", "reservation");
    for (String resource : pages.values()) {
      String html = read(resource);
      // the host puts the doctype and the shared style sheet before the page's title
      assertThat(html).as(resource).startsWith("<title>").contains("<script>");
      assertThat(html.replace("<script>", ""))
          .as(resource)
          .doesNotContain("<script")
          .doesNotContain("style=")
          .doesNotContain("<style")
          .doesNotContain("http://")
          .doesNotContain("https://")
          .doesNotContainPattern("\\son[a-z]+=");
    }
  }
}
