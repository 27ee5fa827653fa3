import Foundation

/// The secret that keys the 回答ID hash: a file beside the configuration, never in the database.
///
/// Losing it means tomorrow's export cannot be matched with what is stored (every response
/// would look new), so it is backed up separately from the database; a copy of the database
/// alone cannot be linked back to the form service's records.
public enum KeyFile {
    /// Writes a new random 32-byte key as hex, readable by the owner only (mode 0600).
    /// - Throws: `ConfigError` `.exists` if a key is already there; it is never overwritten.
    public static func create(at url: URL) throws {
        if FileManager.default.fileExists(atPath: url.path) {
            throw ConfigError(.exists, "\(url.lastPathComponent) already exists; a key is never overwritten, as the stored responses depend on it.")
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let created = FileManager.default.createFile(
            atPath: url.path, contents: Data((Hex.encode(secret) + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        guard created else {
            throw ConfigError(.invalid, "\(url.lastPathComponent) cannot be written at \(url.deletingLastPathComponent().path); check the folder's permissions.")
        }
    }

    /// Reads the key.
    /// - Throws: `ConfigError` when it is missing or not 64 hex digits.
    public static func load(from url: URL) throws -> ResponseKeyer {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError(.notFound, "the key file \(url.lastPathComponent) is missing at \(url.path); restore it from its backup (a new key would make every stored response look new).")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let secret = Hex.decode(text), secret.count >= 32 else {
            throw ConfigError(.invalid, "the key file \(url.lastPathComponent) is not 64 hexadecimal digits; restore it from its backup.")
        }
        return ResponseKeyer(secret: secret)
    }

    /// True when group or others can read the key file.
    public static func isExposed(_ url: URL) -> Bool {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int else {
            return false
        }
        return mode & 0o077 != 0
    }
}
