import Foundation

/// What `meyasu doctor` found: one line per check, each ok, a warning or a failure.
public struct HealthReport: Sendable, Equatable {
    /// In order of seriousness.
    public enum Status: String, Sendable, Comparable, CaseIterable {
        case ok, warning, failure

        public static func < (lhs: Status, rhs: Status) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// What a failure asks the admin to look at: the database or the configuration and key.
    public enum Area: String, Sendable {
        case database, configuration
    }

    public struct Check: Sendable, Equatable {
        public var name: String
        public var status: Status
        public var area: Area
        /// One sentence: what was found and, when not ok, what to do.
        public var detail: String
    }

    public var checks: [Check]

    public var worst: Status { checks.map(\.status).max() ?? .ok }
    /// The area of the first failure, if any.
    public var failedArea: Area? { checks.first { $0.status == .failure }?.area }
}

extension Workspace {
    /// A WAL file above this size means checkpoints are being held back (a reader that never
    /// ends) or the last import was very large: worth a look, not a failure.
    public static let largeWALBytes = 256 << 20

    /// Checks the workspace without changing it: the database's schema and integrity, the key
    /// file, the WAL, the proposals not yet indexed and the last import.
    /// - Parameter quick: SQLite's quick check instead of the full integrity check.
    public func doctor(quick: Bool = false) -> HealthReport {
        var checks: [HealthReport.Check] = []
        let databaseName = databaseURL.lastPathComponent
        let keyName = keyURL.lastPathComponent
        var inspection: DatabaseInspection?
        do {
            inspection = try DatabaseInspection.inspect(path: databaseURL.path, quick: quick)
        } catch let error as StoreError {
            checks.append(.init(name: "database", status: .failure, area: .database, detail: error.message))
        } catch {
            checks.append(.init(name: "database", status: .failure, area: .database,
                                detail: "\(databaseName) cannot be read; restore it from a backup (docs/operations.md)."))
        }
        if let inspection {
            checks.append(.init(name: "database", status: .ok, area: .database,
                                detail: "\(databaseName): \(inspection.databaseBytes) bytes, \(inspection.proposals) proposals, \(inspection.surveyResponses) survey responses."))
            if !inspection.unknown.isEmpty {
                checks.append(.init(name: "schema", status: .failure, area: .database,
                                    detail: "\(databaseName) was written by a newer version of Meyasu (\(inspection.unknown.count) migrations this program does not know); upgrade meyasu."))
            } else if !inspection.pending.isEmpty {
                checks.append(.init(name: "schema", status: .warning, area: .database,
                                    detail: "\(inspection.applied.last ?? "empty"); \(inspection.pending.count) migrations (\(inspection.pending.joined(separator: ", "))) will be applied by the next command that opens it: back it up first."))
            } else {
                checks.append(.init(name: "schema", status: .ok, area: .database,
                                    detail: "\(inspection.applied.last ?? "empty"), current (\(inspection.applied.count) migrations)."))
            }
            if inspection.integrity == ["ok"] {
                checks.append(.init(name: "integrity", status: .ok, area: .database,
                                    detail: quick ? "SQLite's quick check passed." : "SQLite's integrity check passed."))
            } else {
                checks.append(.init(name: "integrity", status: .failure, area: .database,
                                    detail: "SQLite's integrity check found \(inspection.integrity.count) problems; stop the nightly job and restore the last good backup (docs/operations.md)."))
            }
            let wal = inspection.walBytes
            checks.append(.init(name: "wal", status: wal > Self.largeWALBytes ? .warning : .ok, area: .database,
                                detail: wal > Self.largeWALBytes
                                    ? "the WAL file is \(wal) bytes; a long-running reader may be holding checkpoints back (restart the portal)."
                                    : "the WAL file is \(wal) bytes."))
            if let pending = inspection.derivedPending {
                checks.append(.init(name: "search index", status: pending > 0 ? .warning : .ok, area: .database,
                                    detail: pending > 0
                                        ? "\(pending) proposals are not yet in the search index and similarity links (an import with --defer-index, or one stopped during its catch-up); run `meyasu index`, or the next search does it."
                                        : "every proposal is in the search index and similarity links."))
            }
            if let last = inspection.lastImport {
                let counts = last.counts
                let problems = counts.badRows + counts.conflicts
                checks.append(.init(name: "last import", status: problems > 0 ? .warning : .ok, area: .database,
                                    detail: "\(last.kind) \(last.fileName) at \(last.finishedAt): \(counts.rowsRead) rows read, \(counts.imported) imported, \(counts.alreadyPresent) already present, \(counts.conflicts) conflicts, \(counts.badRows) bad rows"
                                        + (problems > 0 ? "; see the rows reported by that import." : ".")))
            } else {
                checks.append(.init(name: "last import", status: .ok, area: .database, detail: "nothing has been imported yet."))
            }
        }

        // The key file: present, well-formed, private, and the one the database was written with.
        if !FileManager.default.fileExists(atPath: keyURL.path) {
            checks.append(.init(name: "key file", status: .failure, area: .configuration,
                                detail: "\(keyName) is missing at \(keyURL.path); restore it from its own backup (a new key would make every stored response look new)."))
        } else {
            do {
                let keyer = try loadKey()
                if KeyFile.isExposed(keyURL) {
                    checks.append(.init(name: "key file", status: .warning, area: .configuration,
                                        detail: "\(keyName) can be read by other users; run `chmod 600 \(keyURL.path)`."))
                } else {
                    checks.append(.init(name: "key file", status: .ok, area: .configuration,
                                        detail: "\(keyName) is present and readable by its owner only."))
                }
                if let stored = inspection?.keyFingerprint {
                    if stored == keyer.fingerprint {
                        checks.append(.init(name: "key match", status: .ok, area: .configuration,
                                            detail: "\(keyName) is the key \(databaseName) was written with (fingerprint \(stored))."))
                    } else {
                        checks.append(.init(name: "key match", status: .failure, area: .configuration,
                                            detail: "\(keyName) is not the key \(databaseName) was written with (fingerprints \(keyer.fingerprint) and \(stored)); put back the matching key file before the next import."))
                    }
                } else if inspection != nil {
                    checks.append(.init(name: "key match", status: .ok, area: .configuration,
                                        detail: "no import has recorded a key fingerprint yet; the next import binds \(databaseName) to \(keyName)."))
                }
            } catch let error as ConfigError {
                checks.append(.init(name: "key file", status: .failure, area: .configuration, detail: error.message))
            } catch {
                checks.append(.init(name: "key file", status: .failure, area: .configuration,
                                    detail: "\(keyName) cannot be read; restore it from its backup."))
            }
        }
        return HealthReport(checks: checks)
    }
}
