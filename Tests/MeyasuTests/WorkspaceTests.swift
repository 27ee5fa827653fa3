import Foundation
import Testing
@testable import Meyasu
import MeyasuSamples

@Suite("Workspace and configuration")
struct WorkspaceTests {
    @Test("init writes the starter set, a 0600 key and a migrated database; it never overwrites")
    func initialize() throws {
        let folder = TemporaryFolder()
        let config = folder.url.appendingPathComponent("meyasu.yaml")
        let workspace = try Workspace.initialize(at: config, starter: SampleFiles.directory)
        for name in ["meyasu.yaml", "organization.yaml", "indicators.yaml", "forms/proposals.yaml", "forms/survey.yaml", "meyasu.key", "meyasu.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(name).path), "\(name)")
        }
        #expect(!KeyFile.isExposed(workspace.keyURL))
        #expect(try workspace.loadOrganization().departments.count == 14)
        #expect(try workspace.loadProfiles().map(\.id) == ["proposals", "survey"])
        #expect(try workspace.loadIndicators().indicators.count == 14)
        let key = try String(contentsOf: workspace.keyURL, encoding: .utf8)
        #expect(try workspace.openStore().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE sql LIKE ?", arguments: ["%" + key.prefix(16) + "%"])
        } == 0)
        #expect(throws: ConfigError.self) { try Workspace.initialize(at: config, starter: SampleFiles.directory) }
        #expect(try String(contentsOf: workspace.keyURL, encoding: .utf8) == key)
    }

    @Test("--config, then MEYASU_CONFIG, then ./meyasu.yaml")
    func locate() {
        let here = URL(fileURLWithPath: "/srv/here")
        #expect(Workspace.locate(explicit: "/etc/m.yaml", environment: ["MEYASU_CONFIG": "/x.yaml"], directory: here).path == "/etc/m.yaml")
        #expect(Workspace.locate(explicit: nil, environment: ["MEYASU_CONFIG": "/x.yaml"], directory: here).path == "/x.yaml")
        #expect(Workspace.locate(explicit: nil, environment: [:], directory: here).path == "/srv/here/meyasu.yaml")
    }

    @Test("A missing workspace and a missing key say what to do")
    func missing() throws {
        let folder = TemporaryFolder()
        let error = try #require(throws: ConfigError.self) { try Workspace(configURL: folder.url.appendingPathComponent("meyasu.yaml")) }
        #expect(error.message.contains("meyasu init"))
        let keyError = try #require(throws: ConfigError.self) { try KeyFile.load(from: folder.url.appendingPathComponent("k")) }
        #expect(keyError.message.contains("backup"))
    }

    @Test("Invalid YAML and wrong values name the file and the key", arguments: [
        ("database: [unclosed", "line"),
        ("busy_timeout_seconds: soon", "`busy_timeout_seconds`"),
        ("proposals:\n  submitted_date: month", "`proposals.submitted_date`"),
    ])
    func invalid(yaml: String, names: String) throws {
        let folder = TemporaryFolder()
        folder.write("meyasu.yaml", utf8: yaml)
        let error = try #require(throws: ConfigError.self) { try Workspace(configURL: folder.url.appendingPathComponent("meyasu.yaml")) }
        #expect(error.message.hasPrefix("meyasu.yaml"))
        #expect(error.message.contains(names))
    }

    @Test("Organisation checks: unknown triage, repeated codes, bad codes")
    func organizationProblems() throws {
        var organization = try Fixtures.organization()
        #expect(organization.problems().isEmpty)
        organization.triage = "nowhere"
        organization.departments.append(organization.departments[0])
        organization.departments.append(.init(code: "Bad Code", bureau: "", section: "", duties: ""))
        let problems = organization.problems()
        #expect(problems.count == 3)
    }
}

@Suite("Workspace.initialize leaves nothing half-written")
struct WorkspaceInitTests {
    @Test("An existing key file stops init before anything is copied")
    func existingKey() throws {
        let folder = TemporaryFolder()
        folder.write("meyasu.key", utf8: "old key")
        #expect(throws: ConfigError.self) {
            try Workspace.initialize(at: folder.url.appendingPathComponent("meyasu.yaml"), starter: SampleFiles.directory)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("forms").path))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("meyasu.yaml").path))
    }
}
