import Testing
@testable import PaperDigest

@Suite struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    @Test func splitsAtSentenceEnds() {
        #expect(splitter.split("We study SAEs. They work! Do they scale? Yes.") == ["We study SAEs.", "They work!", "Do they scale?", "Yes."])
    }

    @Test func keepsAbbreviationsInitialsAndCitationsTogether() {
        let text = "Prior work (e.g. Smith et al. 2023) used probes, i.e. linear maps. See Fig. 3 and Eq. 2 for details. Results hold in the U.S. and elsewhere."
        #expect(splitter.split(text) == [
            "Prior work (e.g. Smith et al. 2023) used probes, i.e. linear maps.",
            "See Fig. 3 and Eq. 2 for details.",
            "Results hold in the U.S. and elsewhere.",
        ])
    }

    @Test func keepsDecimalsVersionsAndNamesTogether() {
        let text = "Accuracy rose from 3.5% to 12.25% on GPT-4.1 and Llama-3.1. The gap is 0.9 points."
        #expect(splitter.split(text) == ["Accuracy rose from 3.5% to 12.25% on GPT-4.1 and Llama-3.1.", "The gap is 0.9 points."])
    }

    @Test func neverSplitsInsideLatex() {
        let text = "We bound the error by $\\epsilon < 10^{-3}. A$ holds. Then \\(x. Y\\) too. Finally \\textbf{Ours. Best} wins."
        #expect(splitter.split(text) == [
            "We bound the error by $\\epsilon < 10^{-3}. A$ holds.",
            "Then \\(x. Y\\) too.",
            "Finally \\textbf{Ours. Best} wins.",
        ])
    }

    @Test func splitsAtClosingQuotesAndBlankLinesButNotBeforeLowerCase() {
        #expect(splitter.split("They said \"it works.\" Then it failed.") == ["They said \"it works.\"", "Then it failed."])
        #expect(splitter.split("First part\n\nSecond part") == ["First part", "Second part"])
        #expect(splitter.split("Compare vs. baselines and approx. ten runs.") == ["Compare vs. baselines and approx. ten runs."])
        #expect(splitter.split("") == [])
        #expect(splitter.split("A lone $5 price. Next one.") == ["A lone $5 price.", "Next one."])
    }
}
