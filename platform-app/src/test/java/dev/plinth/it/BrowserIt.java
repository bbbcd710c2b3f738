package dev.plinth.it;

import dev.plinth.testkit.it.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An integration test in a real headless Chromium: a fresh browser for each test, closed after it,
 * and the site's address without its trailing slash.
 */
abstract class BrowserIt extends ItBase {

  Browser browser;

  String site;

  @BeforeEach
  void openBrowser() throws Exception {
    browser = Browser.open();
    site = base.toString().replaceFirst("/$", "");
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  void awaitTitle(String title) {
    browser.awaitTitle(title);
  }
}
