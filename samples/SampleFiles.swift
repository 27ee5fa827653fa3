import Foundation

/// The starter configuration and the synthetic LoGo exports shipped with Meyasu.
///
/// `meyasu init` copies the starter set from here; `meyasu demo` imports the exports.
public enum SampleFiles {
    /// The folder that holds `meyasu.yaml`, `forms/`, `organization.yaml` and `exports/`.
    public static var directory: URL {
        Bundle.module.resourceURL ?? Bundle.module.bundleURL
    }

    /// The sample exports, sorted by name.
    public static var exports: [URL] {
        let folder = directory.appendingPathComponent("exports")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
