package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium, as an MDR engineer uses it on first start: log in with
 * the printed admin password, state My domains and IPs, add an API 1.0 and an API 2.0 integration
 * against the simulator and see them Connected, read the fix of a failing one, and search. Each
 * page is saved as a PNG in {@code docs/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    /** Long pages (search results) are cut here: the top of a page is what a reader of the docs needs. */
    static final int MAX_SCREENSHOT_HEIGHT = 1800;

    @TempDir static Path dir;
    @TempDir static Path profile;
    static MimecastSimulator sim;
    static Maillake app;
    static WebServer web;
    static WebDriver driver;
    static WebDriverWait wait;
    static String base;
    static String adminPassword;
    static Path screenshots;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMEDRIVER)) || !Files.isExecutable(Path.of(CHROMIUM))) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        }
        sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(11).accounts(2).history(Duration.ofHours(3))
                .eventsPerMinute(LogType.URL, 6).eventsPerMinute(LogType.IMPERSONATION, 2).eventsPerMinute(LogType.ATTACHMENT, 3)
                .lateFraction(0).build());
        app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), Clock.systemUTC());
        StringWriter printed = new StringWriter();
        FirstStart.announce(app, new PrintWriter(printed));
        Matcher m = Pattern.compile("as 'admin' with the password (\\S+)").matcher(printed.toString());
        assertThat(m.find()).as("the first start prints the admin password: " + printed).isTrue();
        adminPassword = m.group(1);
        web = WebServer.start(app, "127.0.0.1", 0, new WebServer.Settings(null));
        base = "http://127.0.0.1:" + web.port();
        screenshots = repositoryRoot().resolve("docs").resolve("screenshots");
        Files.createDirectories(screenshots);

        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (web != null) web.close();
        if (app != null) app.close();
        if (sim != null) sim.close();
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        return Files.exists(p.resolve("docs")) || !Files.exists(p.getParent().resolve("docs")) ? p : p.getParent();
    }

    // ---- helpers -----------------------------------------------------------------------------

    static void open(String path) {
        driver.get(base + path);
    }

    static WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    static WebElement link(String text) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.linkText(text)));
    }

    static void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    static String text(String css) {
        return find(css).getText();
    }

    static void waitForPath(String path) {
        wait.until(d -> d.getCurrentUrl().replace(base, "").startsWith(path));
    }

    /** A PNG of the whole page (up to a limit), named after it. */
    static void screenshot(String name) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        long chrome = ((Number) js.executeScript("return window.outerHeight - window.innerHeight")).longValue();
        driver.manage().window().setSize(new Dimension(1280, (int) (Math.min(Math.max(height, 720), MAX_SCREENSHOT_HEIGHT) + chrome)));
        js.executeScript("window.scrollTo(0, 0)");
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + ".png"), png);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    static void fillMimecastForm(String name, boolean api1, int account, List<String> types) {
        find(api1 ? "#gen1" : "#gen2").click();
        type("#name", name);
        type("#description", "Added in the browser test");
        type("#baseUrl", sim.baseUrl().toString());
        if (api1) {
            var k = sim.account(account).api1();
            type("#appId", k.appId());
            type("#appKey", k.appKey());
            type("#accessKey", k.accessKey());
            type("#secretKey", k.secretKey());
        } else {
            var k = sim.account(account).api2();
            type("#clientId", k.clientId());
            type("#clientSecret", k.clientSecret());
        }
        for (String t : List.of("url", "impersonation", "attachment")) {
            WebElement box = find("#type-" + t);
            if (box.isSelected() != types.contains(t)) box.click();
        }
    }

    static void collect() {
        Sims.collect(app);
    }

    // ---- the flow ----------------------------------------------------------------------------

    @Test
    @Order(1)
    void theFirstAdministratorLogsInWithThePrintedPassword() throws Exception {
        open("/");
        waitForPath("/login");
        find("#username");
        screenshot("login");
        type("#username", "admin");
        type("#password", "not the password");
        find("#login").click();
        assertThat(text("#login-error")).contains("user name or password is not right");
        type("#password", adminPassword);
        find("#login").click();
        waitForPath("/t/default/integrations");
        assertThat(text(".empty h2")).isEqualTo("No integrations yet");
        screenshot("integrations-empty");
    }

    @Test
    @Order(2)
    void addingTheFirstIntegrationAsksForMyDomainsAndIpsFirst() throws Exception {
        find("#add-integration").click();
        waitForPath("/t/default/integrations/new");
        screenshot("add-integration-source");
        find("#source-mimecast").click();
        waitForPath("/t/default/networks");
        assertThat(text("#first-time")).contains("Before the first integration");
        String cidrs = find("#cidrs").getAttribute("value");
        assertThat(cidrs).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.1/32", "fc00::/7", "fe80::/10", "169.254.0.0/16");
        type("#domains", "example.com\nnot a domain!");
        find("#cidrs").sendKeys("\n203.0.113.0/33");
        find("#save-networks").click();
        assertThat(text("#error-domains")).contains("not a domain");
        assertThat(text("#error-cidrs")).contains("203.0.113.0/33");
        screenshot("my-domains-and-ips-errors");
        type("#domains", String.join("\n", sim.account(0).domains()));
        type("#cidrs", cidrs + "\n203.0.113.0/24");
        screenshot("my-domains-and-ips");
        find("#save-networks").click();
        waitForPath("/t/default/integrations/new/mimecast");
        assertThat(app.store().networks("default").cidrs()).extracting(c -> c.text()).contains("203.0.113.0/24", "10.0.0.0/8");
    }

    @Test
    @Order(3)
    void anApi1IntegrationWithMistakesShowsEachErrorBesideItsField() throws Exception {
        find("#gen1").click();
        assertThat(find("#step-ttl").getText()).contains("Never Expire");
        assertThat(driver.findElement(By.id("clientId")).isDisplayed()).isFalse();
        type("#name", "");
        type("#baseUrl", sim.baseUrl().toString());
        type("#appId", "not-a-guid");
        type("#secretKey", "###");
        find("#type-impersonation").click();
        find("#type-url").click();
        find("#type-attachment").click();
        find("#save").click();
        assertThat(text("#error-name")).contains("required");
        assertThat(text("#error-appId")).contains("GUID");
        assertThat(text("#error-secretKey")).contains("base64");
        assertThat(text("#error-types")).contains("choose at least one");
        assertThat(find("#secretKey").getAttribute("value")).isEmpty();
        screenshot("add-integration-errors");
    }

    @Test
    @Order(4)
    void anApi1IntegrationIsAddedAndItsConnectionTested() throws Exception {
        open("/t/default/integrations/new/mimecast");
        fillMimecastForm("Contoso (API 1.0)", true, 0, List.of("url", "impersonation", "attachment"));
        screenshot("add-integration-api1");
        find("#save").click();
        find("#checks");
        assertThat(driver.findElements(By.cssSelector("#checks li.ok"))).hasSize(3);
        assertThat(text("#test-summary")).contains("Everything works");
        screenshot("test-connection");
        find("#done").click();
        waitForPath("/t/default/integrations");
    }

    @Test
    @Order(5)
    void anApi2IntegrationIsAddedWithItsSetupGuide() throws Exception {
        open("/t/default/integrations/new/mimecast");
        assertThat(find("#gen2").isSelected()).isTrue();
        assertThat(find("#step-app").getText()).contains("Integrations Hub");
        fillMimecastForm("Contoso (API 2.0)", false, 0, List.of("url", "impersonation", "attachment"));
        screenshot("add-integration-api2");
        find("#save").click();
        find("#checks");
        assertThat(driver.findElements(By.cssSelector("#checks li.ok"))).hasSize(3);
        find("#done").click();
        waitForPath("/t/default/integrations");
    }

    @Test
    @Order(6)
    void afterCollectionEveryStreamShowsConnectedWithItsEvents() throws Exception {
        collect();
        Sims.detect(app);
        open("/t/default/integrations");
        assertThat(find("#open-detections").getAttribute("data-open")).isEqualTo(String.valueOf(
                app.detections().count(io.maillake.detect.DetectionFilter.of(null))));
        List<WebElement> badges = driver.findElements(By.cssSelector("#integrations .badge"));
        assertThat(badges).hasSize(6);
        assertThat(badges).allSatisfy(b -> assertThat(b.getText()).isEqualTo("Connected"));
        assertThat(driver.findElements(By.cssSelector("#integrations td.num"))).allSatisfy(td -> assertThat(td.getText()).isNotEqualTo("0"));
        screenshot("integrations");
    }

    @Test
    @Order(7)
    void aFailingIntegrationSaysWhatToFixInMimecast() throws Exception {
        sim.faults().denyPermission(1, LogType.ATTACHMENT);
        open("/t/default/integrations/new/mimecast");
        fillMimecastForm("Fabrikam (missing permission)", false, 1, List.of("url", "attachment"));
        find("#save").click();
        find("#checks");
        WebElement failed = find("#checks li.failed");
        assertThat(failed.getAttribute("data-type")).isEqualTo("attachment");
        assertThat(failed.getText()).contains("Fix needed").contains("Monitoring | Attachment Protection | Read")
                .contains("What to change in Mimecast");
        assertThat(driver.findElements(By.cssSelector("#checks li.ok"))).hasSize(1);
        screenshot("test-connection-fix");

        failed.findElement(By.linkText("Setup guide step")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("#step-role"));
        assertThat(find("#step-role").getText()).contains("Attachment Protection");

        collect();
        open("/t/default/integrations");
        WebElement row = find("tr[data-integration='Fabrikam (missing permission)'][data-type='attachment']");
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Error");
        assertThat(row.getText()).contains("Attachment Protection");
        screenshot("integrations-with-error");

        row.findElement(By.xpath("ancestor::tbody//a[text()='Fabrikam (missing permission)']")).click();
        find("#stream-attachment .problem-box");
        assertThat(text("#stream-attachment .problem-box")).contains("What to change in Mimecast");
        assertThat(text("#stream-attachment .history")).contains("Error");
        assertThat(find("#stream-url .badge").getText()).isEqualTo("Connected");
        wait.until(d -> "true".equals(d.findElement(By.id("volume-chart")).getAttribute("data-drawn")));
        screenshot("integration-detail");
    }

    @Test
    @Order(8)
    void anAnalystSearchesTheEventsAndPivotsOnARecipient() throws Exception {
        open("/t/default/search");
        find("#results");
        wait.until(d -> "true".equals(d.findElement(By.id("volume-chart")).getAttribute("data-drawn")));
        find("#example-impersonation-by-recipient").click();
        find("#results");
        assertThat(find("#q").getAttribute("value")).contains("log_type = 'impersonation'");
        assertThat(driver.findElements(By.cssSelector("#results tbody tr"))).isNotEmpty();
        screenshot("search");
        WebElement recipient = find("#results tbody tr td a");
        String who = recipient.getText();
        recipient.click();
        wait.until(d -> d.findElement(By.id("q")).getAttribute("value").contains("recipient = '" + who + "'"));
        assertThat(driver.findElements(By.cssSelector("#results tbody tr"))).isNotEmpty();
        assertThat(find("#download-csv").getAttribute("href")).contains("/t/default/search.csv?q=");

        type("#q", "delete from email_events");
        find("#run").click();
        assertThat(text("#query-error")).contains("only SELECT");
    }

    @Test
    @Order(9)
    void editingKeepsTheStoredKeysUnlessReplaced() throws Exception {
        open("/t/default/integrations");
        link("Contoso (API 1.0)").click();
        find("#edit").click();
        assertThat(find("#secretKey").getAttribute("value")).isEmpty();
        assertThat(find("#secretKey").getAttribute("placeholder")).contains("leave empty to keep");
        assertThat(find("#appId").getAttribute("value")).isEqualTo(sim.account(0).api1().appId());
        screenshot("edit-integration");
        type("#description", "Edited: keys untouched");
        find("#save").click();
        assertThat(text(".notice")).isEqualTo("Saved.");
        find("#test-connection").click();
        find("#checks");
        assertThat(driver.findElements(By.cssSelector("#checks li.ok"))).hasSize(3);
    }

    @Test
    @Order(10)
    void deletingAsksFirstAndSaysTheEventsStay() throws Exception {
        open("/t/default/integrations");
        link("Fabrikam (missing permission)").click();
        find("#delete").click();
        assertThat(text(".danger-zone")).contains("Collection stops").contains("Collected events stay in the lake");
        screenshot("delete-integration");
        find("#confirm-delete").click();
        waitForPath("/t/default/integrations");
        assertThat(text(".notice")).contains("its events stay in the lake");
        assertThat(driver.findElements(By.linkText("Fabrikam (missing permission)"))).isEmpty();
    }

    @Test
    @Order(11)
    void theOtherPagesRender() throws Exception {
        open("/t/default/detections");
        find("#detection-filters");
        open("/users");
        assertThat(text("#users")).contains("admin");
        screenshot("users");
        open("/account");
        type("#token-name", "nightly export");
        find("#create-token").click();
        assertThat(text("#new-token")).startsWith("mlk_");
        screenshot("account");
        open("/api/docs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#swagger-ui .opblock")));
        screenshot("api-docs");
        open("/t/default/integrations");
        find("details.account > summary").click();
        find("#logout").click();
        waitForPath("/login");
    }
}
