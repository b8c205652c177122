namespace Escalation.Infrastructure.Engine;

/// <summary>A named count kept in the database, shared by every node (for example how often the auditor had to act).</summary>
public sealed class EngineCounter
{
    public const string AuditorFired = "auditor.fired";

    public string Name { get; set; } = string.Empty;

    public long Value { get; set; }
}
