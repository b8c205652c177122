namespace Escalation.Infrastructure.Integrations;

/// <summary>One thing a key may feed: a row of <c>ApiKeyBindings</c>, owned by its <see cref="ApiKey"/>.</summary>
public sealed class ApiKeyBinding
{
    private ApiKeyBinding()
    {
        Target = string.Empty;
    }

    internal ApiKeyBinding(Guid apiKeyId, FeedKind kind, string target)
    {
        ApiKeyId = apiKeyId;
        Kind = kind;
        Target = target;
    }

    public Guid ApiKeyId { get; private set; }

    public FeedKind Kind { get; private set; }

    /// <summary>A schedule source id or unit id as a lower-case GUID ("D" format), or a FHIR source name.</summary>
    public string Target { get; private set; }

    /// <summary>How a target is written, so a GUID compares equal whatever case it came in.</summary>
    public static string TargetOf(Guid id) => id.ToString("D");
}
