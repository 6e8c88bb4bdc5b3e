/// Words and phrases that mark good news, bad news or neither for a field, after the
/// "typical wording" of `Data/LABELING.md`. They are rule features beside the embedding:
/// the sentiment head learns how much each family counts.
public enum SentimentCues {
    public static let bullish: [String] = [
        "we propose", "we introduce", "we present", "we develop", "we design", "novel", "new method",
        "outperforms", "outperform", "outperforming", "state-of-the-art", "state of the art", "enables",
        "enable", "enabling", "improves", "improve", "improved", "improvement", "improvements", "achieves",
        "achieve", "effective", "efficient", "scalable", "robust", "successfully", "significantly",
        "we show that", "we demonstrate", "can be used", "unlocks", "opens", "promising", "superior",
        "boosts", "accurate", "precise", "faithful", "reliable", "mitigate", "mitigates", "defense",
        "defence", "defend", "protect", "safeguard", "recover", "recovers", "discover", "discovers",
        "reveal", "reveals", "identify", "identifies", "uncover", "uncovers", "linearly", "interpretable",
    ]

    public static let bearish: [String] = [
        "attack", "attacks", "jailbreak", "jailbreaks", "jailbreaking", "adversarial", "fail", "fails",
        "failure", "failures", "failed", "vulnerable", "vulnerability", "vulnerabilities", "unfaithful",
        "illusion", "illusions", "illusory", "pitfall", "pitfalls", "harm", "harms", "harmful", "risk",
        "risks", "risky", "threat", "threats", "exploit", "exploits", "exploited", "cannot", "can not",
        "does not", "do not", "not generalize", "not generalise", "unreliable", "misleading", "mislead",
        "brittle", "fragile", "poorly", "struggle", "struggles", "degrade", "degrades", "degradation",
        "collapse", "collapses", "limitation", "limitations", "limited", "lack", "lacks", "flaw", "flaws",
        "flawed", "break", "breaks", "broken", "bypass", "bypasses", "evade", "evades", "evasion",
        "backdoor", "backdoors", "poisoning", "deceptive", "deception", "sandbagging", "scheming",
        "unsafe", "leak", "leaks", "leakage", "privacy", "manipulate", "manipulation", "worse",
        "negative result", "negative results", "concerning", "alarming", "catastrophic", "dangerous",
        "undermine", "undermines", "sycophancy", "hallucination", "hallucinations", "bias", "biases",
        "biased", "spurious", "shortcut", "shortcuts", "however", "surprisingly", "only", "no better",
        "fall short", "falls short", "underperform", "underperforms", "questionable", "challenge",
        "challenges", "problematic", "misaligned", "misalignment", "reward hacking",
    ]

    public static let neutral: [String] = [
        "survey", "we survey", "review", "we review", "overview", "systematic review", "position paper",
        "position", "we argue", "perspective", "tutorial", "primer", "taxonomy", "we analyze", "we analyse",
        "analysis", "we study", "study", "we investigate", "investigate", "we examine", "examine",
        "we characterize", "we characterise", "characterize", "characterise", "we compare", "comparison",
        "comparative", "benchmark", "benchmarks", "a benchmark for", "dataset", "we evaluate", "evaluation",
        "empirical study", "case study", "replication", "we replicate", "reproduce", "mixed", "whether",
        "explore", "we explore", "understanding", "open problems", "open questions", "roadmap", "framework for",
        "lessons", "trade-off", "trade-offs", "tradeoff",
    ]

    /// Words of defence and repair: beside a bearish word they turn bad news into a fix
    /// ("mitigating jailbreak attacks" is a defence, hence bullish).
    public static let defense: [String] = [
        "defense", "defence", "defenses", "defences", "defend", "defending", "mitigate", "mitigates", "mitigating",
        "mitigation", "detect", "detects", "detecting", "detection", "detector", "guard", "guardrail", "guardrails",
        "safeguard", "safeguards", "protect", "protects", "protection", "prevent", "prevents", "preventing", "robust",
        "robustness", "secure", "securing", "repair", "repairs", "counter", "resist", "resistant", "remove", "removes",
        "removal", "unlearning", "stop", "stops", "reduce", "reduces", "reducing", "fix", "fixes", "fixing", "audit",
        "auditing", "monitor", "monitoring", "recover", "restores", "restore",
    ]

    /// The families with their names, in the order the features use.
    public static let families: [(name: String, phrases: [String])] = [
        ("bullish", bullish), ("bearish", bearish), ("neutral", neutral), ("defense", defense),
    ]
}
