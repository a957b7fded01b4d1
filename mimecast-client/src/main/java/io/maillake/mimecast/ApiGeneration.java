package io.maillake.mimecast;

/** The two generations of the Mimecast API. */
public enum ApiGeneration {
    /** HMAC-SHA1 signed requests against a regional host (no new applications since June 2025). */
    API_1("1"),
    /** OAuth 2.0 client credentials and bearer tokens against {@code *.services.mimecast.com}. */
    API_2("2");

    private final String id;

    ApiGeneration(String id) { this.id = id; }

    /** "1" or "2", as stored. */
    public String id() { return id; }

    /** "1.0" or "2.0", as Mimecast names them and Maillake shows them. */
    public String version() { return id + ".0"; }
}
