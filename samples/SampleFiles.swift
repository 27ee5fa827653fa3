import Foundation

/// The starter configuration and the synthetic LoGo exports shipped with Meyasu.
///
/// `meyasu init` copies the starter set from here; `meyasu demo` imports the exports.
public enum SampleFiles {
    /// The folder that holds `meyasu.yaml`, `forms/`, `organization.yaml` and `exports/`.
    public static var directory: URL {
        Bundle.module.resourceURL ?? Bundle.module.bundleURL
    }

    /// The sample exports of the proposal form (`proposals-*.csv`), sorted by name.
    public static var proposalExports: [URL] { exports(prefix: "proposals-") }

    /// The sample exports of the staff survey (`survey-*.csv`), sorted by name.
    public static var surveyExports: [URL] { exports(prefix: "survey-") }

    private static func exports(prefix: String) -> [URL] {
        let folder = directory.appendingPathComponent("exports")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
