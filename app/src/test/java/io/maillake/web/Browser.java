package io.maillake.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through chromedriver (given explicitly, so Selenium Manager never
 * runs), on a console at {@code base}, with the helpers browser tests share: find, type, choose,
 * wait for a page, and save a screenshot under {@code docs/screenshots/}.
 */
final class Browser implements AutoCloseable {
    /** Long pages are cut here: the top of a page is what a reader of the docs needs. */
    static final int MAX_SCREENSHOT_HEIGHT = 1800;

    final WebDriver driver;
    final WebDriverWait wait;
    final String base;
    private final Path screenshots;

    Browser(String base, Path profile) throws java.io.IOException {
        if (!Files.isExecutable(Path.of(ConsoleBrowserTest.CHROMEDRIVER)) || !Files.isExecutable(Path.of(ConsoleBrowserTest.CHROMIUM))) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        }
        this.base = base;
        this.screenshots = ConsoleBrowserTest.repositoryRoot().resolve("docs").resolve("screenshots");
        Files.createDirectories(screenshots);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(ConsoleBrowserTest.CHROMEDRIVER))
                .usingAnyFreePort().withLogFile(new File("target/chromedriver-detections.log")).build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(ConsoleBrowserTest.CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().replace(base, "");
    }

    /**
     * Waits for a visible element. A page that is replaced while it is looked at (a form post, a redirect) makes
     * the element found a moment ago vanish: chromedriver then says it is stale, or that its node "does not belong
     * to the document"; both mean "look again".
     */
    WebElement find(String css) {
        return wait.until(d -> {
            try {
                return ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)).apply(d);
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return null;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return null;
                throw e;
            }
        });
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Chooses the option with this value of a select. */
    void choose(String css, String value) {
        new Select(find(css)).selectByValue(value);
    }

    void waitForPath(String path) {
        wait.until(d -> path().startsWith(path));
    }

    void logIn(String user, String password) {
        open("/login");
        type("#username", user);
        type("#password", password);
        find("#login").click();
        wait.until(d -> !path().startsWith("/login"));
    }

    /** A PNG of the whole page (up to a limit), named after it. */
    void screenshot(String name) throws java.io.IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        long chrome = ((Number) js.executeScript("return window.outerHeight - window.innerHeight")).longValue();
        driver.manage().window().setSize(new Dimension(1280, (int) (Math.min(Math.max(height, 720), MAX_SCREENSHOT_HEIGHT) + chrome)));
        js.executeScript("window.scrollTo(0, 0)");
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
