namespace Escalation.Infrastructure.Engine;

/// <summary>A request the engine refuses before changing anything (unknown unit, no one on duty for a broadcast).</summary>
public sealed class EngineException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
