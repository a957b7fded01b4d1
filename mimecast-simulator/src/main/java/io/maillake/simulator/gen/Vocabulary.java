package io.maillake.simulator.gen;

/**
 * Word lists the generated records are made of. All domains are under reserved names
 * ({@code .example}, {@code .test}) and all IPs in documentation ranges, so no generated value
 * points at a real party.
 */
final class Vocabulary {
    private Vocabulary() {
    }

    static final String[] ORGS = {"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka",
            "cyberdyne", "tyrell", "soylent", "vandelay", "massive", "oscorp", "gringotts", "aperture"};

    static final String[] FIRST = {"james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda",
            "william", "elizabeth", "david", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah",
            "charles", "karen", "chris", "nancy", "daniel", "lisa", "matthew", "betty", "anthony", "margaret", "mark",
            "sandra", "paul", "ashley", "steven", "kim", "andrew", "emily", "joshua", "donna", "kevin", "michelle",
            "brian", "carol", "george", "amanda", "timothy", "melissa", "ronald", "deborah", "jason", "stephanie",
            "amelie", "lukas", "sofia", "mateo", "chloe", "noah", "ines", "jonas", "zoe", "ole"};

    static final String[] LAST = {"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis",
            "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor",
            "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark",
            "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott", "torres",
            "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall", "rivera", "campbell",
            "mitchell", "carter", "roberts", "mueller", "schmidt", "dubois", "rossi", "okafor", "tanaka"};

    static final String[] LISTS = {"all-staff", "finance-team", "it-support", "sales", "hr", "payables",
            "exec-assistants", "dl-all-worldwide"};

    static final String[] EXTERNAL_DOMAINS = {"contoso.example.com", "fabrikam.example.net", "tailspin.example.org",
            "wingtip.example.com", "adventure-works.example.com", "litware.example.net", "proseware.example.com",
            "woodgrove.example.org", "lucerne-publishing.example.com", "fourthcoffee.example.com",
            "margiestravel.example.net", "treyresearch.example.org", "wideworldimporters.example.com",
            "blueyonder.example.net", "cohowinery.example.com", "humongous.example.org", "northwind.example.com",
            "alpineski.example.net", "newsletter.shop.example", "alerts.cloudvendor.example", "mail.example",
            "inbox.example", "post.example.net", "notifications.saas.example"};

    static final String[] EXTERNAL_LOCAL = {"info", "billing", "noreply", "newsletter", "support", "accounts",
            "orders", "team", "hello", "alerts", "no-reply", "marketing", "events", "invoices", "service"};

    static final String[] BAD_SENDER_DOMAINS = {"secure-docs-share.test", "invoice-portal.test",
            "mailbox-verify.test", "payroll-update.test", "courier-tracking.test", "office-login.test",
            "wire-confirm.test", "dropfile-share.test"};

    /**
     * Domains that only senders of impersonation messages without a look-alike or a user's name
     * use ("newly observed"): no URL click or attachment comes from them, so a click after such a
     * message is never an accident of the background mix.
     */
    static final String[] FIRST_CONTACT_DOMAINS = {"firstcontact.example.org", "new-vendor.example",
            "reach-out.example.net", "quickquote.example.com", "partner-intro.example.org", "hello-biz.example"};

    static final String[] FREEMAIL = {"freemail.example", "webmail.example.net", "mymail.example.org"};

    static final String[] MESSAGE_ID_HOSTS = {"mail.gmail.example", "namprd16.prod.outlook.example",
            "eurprd04.prod.outlook.example", "mx.mailer.example", "hapi.b41.one.example", "smtp.saas.example",
            "mta.newsletter.example"};

    static final String[] CLEAN_URL_PREFIXES = {"https://docs.contoso.example.com/share/",
            "https://www.fabrikam.example.net/news/article-", "https://calendar.tailspin.example.org/event?id=",
            "https://tracking.wingtip.example.com/c/", "https://support.litware.example.net/kb/",
            "https://portal.proseware.example.com/invoice/", "https://alerts.cloudvendor.example/feeds/",
            "https://www.woodgrove.example.org/statements/", "https://files.northwind.example.com/d/",
            "https://survey.treyresearch.example.org/s/", "https://shop.example/deals/",
            "https://meet.saas.example/j/"};

    static final String[] BAD_URL_PREFIXES = {"http://secure-docs-share.test/view/",
            "https://office-login.test/owa/auth.php?session=", "http://invoice-portal.test/download/inv_",
            "https://mailbox-verify.test/verify?u=", "http://payroll-update.test/hr/update/",
            "https://courier-tracking.test/parcel/", "http://wire-confirm.test/secure/",
            "https://dropfile-share.test/f/"};

    static final String[] DANGEROUS_URL_PREFIXES = {"http://dropfile-share.test/dl/setup_",
            "http://courier-tracking.test/label/label_"};
    static final String[] DANGEROUS_EXTS = {"exe", "dll", "scr", "js", "iso"};

    static final String[] CLEAN_CATEGORIES = {"Search Engines & Portals", "Business", "Computers & Technology",
            "News & Media", "Shopping", "Social Networking", "Web-based Email", "Finance & Banking", "Travel",
            "Education", "Unknown"};

    static final String[] BAD_CATEGORIES = {"Phishing & Fraud", "Compromised", "Malware", "Suspicious"};

    static final String[] CLEAN_SUBJECTS = {"Weekly report", "Re: Q3 numbers", "Meeting notes", "Invoice attached",
            "Your order has shipped", "Reminder: team lunch on Friday", "Fwd: Contract draft",
            "Project kickoff", "Your monthly statement is ready", "New comment on your document",
            "Re: \"Budget 2025\" review", "Webinar: what's new this quarter", "Überweisung bestätigt",
            "Facture n° 2024-118", "Out of office", "Agenda for tomorrow", "Shared file: roadmap.xlsx",
            "Password policy update", "Newsletter – November", "Travel itinerary", "Don't forget the survey",
            "Re: Re: pricing", "Delivery notification", "Security alert digest"};

    static final String[] BAD_SUBJECTS = {"Urgent: invoice overdue", "Your mailbox is almost full",
            "Action required: verify your account", "DocuSign: Contract #45576744333", "Payment advice",
            "Voicemail received (1)", "Shared document: Q4 bonus.pdf", "Your parcel could not be delivered",
            "Password expires today", "Wire transfer confirmation", "Re: outstanding payment"};

    static final String[] INBOUND_URL_DEFINITIONS = {"Inbound URL 'Aggressive'", "Inbound URL 'Relaxed'",
            "Default Inbound URL Protect Definition"};
    static final String INTERNAL_URL_DEFINITION = "Default Internal URL Protect Definition";
    static final String OUTBOUND_URL_DEFINITION = "Default Outbound URL Protect Definition";

    static final String[] INBOUND_ATTACHMENT_DEFINITIONS = {"Inbound - Safe file with On-Demand Sandbox",
            "Default Inbound Attachment Protect Definition", "Inbound - Pre-emptive Sandbox"};
    static final String INTERNAL_ATTACHMENT_DEFINITION = "Default Internal Attachment Protect Definition";
    static final String OUTBOUND_ATTACHMENT_DEFINITION = "Default Outbound Attachment Protect Definition";

    /** File name pattern, MIME type. {@code #} is replaced by a number. */
    static final String[][] CLEAN_FILES = {
            {"Invoice_#.pdf", "application/pdf"}, {"Datasheet #.pdf", "application/pdf"},
            {"scan_#.pdf", "application/pdf"}, {"Q# Report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
            {"Budget #.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
            {"Contract_#.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            {"Minutes #.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            {"Letter #.doc", "application/msword"}, {"notes_#.rtf", "text/rtf"},
            {"Presentation #.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
            {"photo_#.png", "image/png"}, {"IMG_#.jpg", "image/jpeg"}, {"archive_#.zip", "application/zip"},
            {"data_#.csv", "text/csv"}, {"Statement #.pdf", "application/pdf"}};

    static final String[][] BAD_FILES = {
            {"Invoice_#.html", "text/html"}, {"Remittance_#.iso", "application/x-iso9660-image"},
            {"Payment_Advice_#.zip", "application/zip"}, {"Statement_#.docm", "application/vnd.ms-word.document.macroEnabled.12"},
            {"Order #.xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12"}, {"setup_#.exe", "application/x-msdownload"},
            {"scan_#.pdf", "application/pdf"}, {"voicemail_#.htm", "text/html"}};

    static final String[] IMPERSONATION_IDENTIFIERS_STRONG = {"similar_internal_domain", "internal_user_name",
            "reply_address_mismatch", "targeted_threat_dictionary", "advanced_similar_internal_domain"};
    static final String[] IMPERSONATION_IDENTIFIERS_WEAK = {"newly_observed_domain", "custom_external_domain",
            "mimecast_external_domain", "custom_name_list"};
}
