namespace Escalation.Domain.Common;

/// <summary>A broken invariant: code asked the domain for something that can never be valid.</summary>
public sealed class DomainException(string message) : Exception(message);
