/// PaperDigest's version, as named in the User-Agent and `--version`.
public enum PaperDigestVersion {
    public static let current = "0.1.0"
}
