package io.paynotify.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.awaitility.Awaitility;

/**
 * A real headless Chromium driven by Selenium 4 through Debian's {@code /usr/bin/chromedriver} and
 * {@code /usr/bin/chromium} (both given explicitly, so Selenium Manager never downloads anything),
 * with a fresh profile. Tabs are named by their window handles; every call switches to the tab it names.
 */
public final class Browser implements AutoCloseable {

  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final Path profile;
  private final String first;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    this.first = driver.getWindowHandle();
  }

  public static Browser launch() {
    try {
      Path profile = Files.createTempDirectory("paynotify-chromium");
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
          "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1000,760",
          "--user-data-dir=" + profile);
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code url} in a new tab and returns the tab. */
  public String open(String url) {
    driver.switchTo().window(first);
    driver.switchTo().newWindow(WindowType.TAB);
    driver.get(url);
    return driver.getWindowHandle();
  }

  /** Loads {@code url} in an existing tab. */
  public void navigate(String tab, String url) {
    driver.switchTo().window(tab);
    driver.get(url);
  }

  /** Runs {@code expression} in the tab and returns its value (numbers come back as Long or Double). */
  public Object eval(String tab, String expression) {
    driver.switchTo().window(tab);
    return ((JavascriptExecutor) driver).executeScript("return (" + expression + ");");
  }

  /** Waits until {@code expression}, evaluated in the tab, satisfies {@code condition}; returns that value. */
  public Object await(String tab, String expression, Predicate<Object> condition) {
    return Awaitility.await(expression + " in " + tab).atMost(WAIT)
        .until(() -> safeEval(tab, expression), condition::test);
  }

  public void awaitEquals(String tab, String expression, Object expected) {
    await(tab, expression, v -> Objects.equals(v, expected));
  }

  private Object safeEval(String tab, String expression) {
    try {
      return eval(tab, expression);
    } catch (org.openqa.selenium.JavascriptException e) {
      return "error: " + e.getMessage().lines().findFirst().orElse("");
    }
  }

  /** Closes the tab (its page unloads: its locks are released, its socket closed). */
  public void closeTab(String tab) {
    driver.switchTo().window(tab);
    driver.close();
    driver.switchTo().window(first);
  }

  /** Closes every tab but the first, blank one. */
  public void closeTabs() {
    for (String tab : new ArrayList<>(driver.getWindowHandles())) {
      if (!tab.equals(first)) {
        closeTab(tab);
      }
    }
  }

  public List<String> tabs() {
    return new ArrayList<>(driver.getWindowHandles());
  }

  /** Takes the tab offline (or back online) as DevTools does: the page sees {@code offline} / {@code online}. */
  public void offline(String tab, boolean offline) {
    driver.switchTo().window(tab);
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** A PNG of the tab's viewport. */
  public byte[] screenshot(String tab) {
    driver.switchTo().window(tab);
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a leftover temp profile is harmless
      }
    }
  }
}
