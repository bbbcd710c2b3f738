package dev.plinth.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the browser tests (Debian's {@code chromium} and {@code
 * chromium-driver}, or the binaries named by {@code plinth.it.chromium} and {@code
 * plinth.it.chromedriver}), with a wait and screenshots in {@code target/screenshots}. A test opens
 * one per test and closes it after.
 */
public final class Browser implements AutoCloseable {

  public static final Path SHOTS = Path.of("target", "screenshots");

  public final WebDriver driver;

  private final WebDriverWait wait;

  private Browser(WebDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  public static Browser open() throws IOException {
    File chromium = new File(System.getProperty("plinth.it.chromium", "/usr/bin/chromium"));
    File driver = new File(System.getProperty("plinth.it.chromedriver", "/usr/bin/chromedriver"));
    assertThat(chromium).as("Chromium (Debian: apt-get install chromium chromium-driver)").exists();
    assertThat(driver).as("ChromeDriver (Debian: apt-get install chromium-driver)").exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--user-data-dir=" + Files.createTempDirectory("plinth-chromium"));
    Files.createDirectories(SHOTS);
    return new Browser(
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options));
  }

  public void get(String url) {
    driver.get(url);
  }

  /** Waits (30 seconds at most) until the condition holds. */
  public <T> T await(ExpectedCondition<T> condition) {
    return wait.until(condition);
  }

  /**
   * Waits until the page's {@code #title} reads {@code title}; on a timeout the failure shows the
   * address and what {@code <main>} holds, so that a wrong view or an error says itself.
   */
  public void awaitTitle(String title) {
    try {
      await(ExpectedConditions.textToBe(By.id("title"), title));
    } catch (TimeoutException e) {
      throw new AssertionError(
          "waited for the view '"
              + title
              + "'; the page shows: "
              + script(
                  "const m = document.querySelector('main');"
                      + " return location.href + ' ' + (m ? m.innerHTML : document.title);"),
          e);
    }
  }

  /** Runs a script in the page and gives its answer. */
  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  public WebElement find(String id) {
    return driver.findElement(By.id(id));
  }

  /** The text of the element with this id. */
  public String text(String id) {
    return find(id).getText();
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
  public void shot(String name) throws IOException {
    File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Saves what the browser shows on a phone-sized screen as {@code <name>-narrow.png}, after
   * checking that the page fits its width (nothing makes the customer scroll sideways), then puts
   * the window back.
   */
  public void shotNarrow(String name) throws IOException {
    Dimension wide = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      Object overflow =
          ((JavascriptExecutor) driver)
              .executeScript(
                  "return document.documentElement.scrollWidth"
                      + " - document.documentElement.clientWidth;");
      assertThat(((Number) overflow).intValue())
          .as("sideways overflow on a phone")
          .isLessThanOrEqualTo(0);
      shot(name + "-narrow");
    } finally {
      driver.manage().window().setSize(wide);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
