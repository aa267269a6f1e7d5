import Testing
import TestSupport

@Suite struct HelpTests {
    @Test func rootHelpDescribesTheTool() throws {
        let outcome = try Executable.run("packsfm", ["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Reconstruct a room from video"))
    }

    @Test func unknownSubcommandFailsWithAMessage() throws {
        let outcome = try Executable.run("packsfm", ["no-such-command"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("no-such-command"))
    }
}
