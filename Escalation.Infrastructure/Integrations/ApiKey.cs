using System.Security.Cryptography;
using System.Text;

namespace Escalation.Infrastructure.Integrations;

/// <summary>
/// A key an integration (EHR interface, answering service) presents as <c>Authorization: ApiKey &lt;key&gt;</c>.
/// Only its SHA-256 is stored: the key itself is shown once, when issued. Its source name says on its messages where
/// they came from; its <see cref="Binding"/> says what it may feed at all (docs/decisions/019).
/// </summary>
public sealed class ApiKey
{
    private readonly List<ApiKeyBinding> _bindings = [];

    private ApiKey()
    {
        Name = SourceName = Hash = Prefix = CreatedBy = string.Empty;
    }

    private ApiKey(string name, string sourceName, string key, string createdBy, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Name = name;
        SourceName = sourceName;
        Hash = HashOf(key);
        Prefix = key[..Math.Min(6, key.Length)];
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string SourceName { get; private set; }

    /// <summary>The first characters, so an administrator can tell keys apart without the key.</summary>
    public string Prefix { get; private set; }

    public string Hash { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsActive => RevokedAt is null;

    public IReadOnlyList<ApiKeyBinding> Bindings => _bindings;

    public KeyBinding Binding => KeyBinding.From(_bindings);

    /// <summary>Whether this key may feed <paramref name="target"/>: only what its binding names, and nothing once revoked.</summary>
    public bool MayFeed(FeedKind kind, string target) => IsActive && _bindings.Any(b => b.Kind == kind && b.Target == target);

    /// <summary>Replaces what the key may feed. The caller has checked that the targets exist and audits the change.</summary>
    public void Bind(KeyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var normalized = binding.Normalized();
        if (normalized.FhirSource is { Length: > KeyBinding.MaxFhirSourceLength })
        {
            throw new ArgumentException($"A FHIR source name is at most {KeyBinding.MaxFhirSourceLength} characters.");
        }

        var wanted = normalized.Rows().ToHashSet();
        _bindings.RemoveAll(b => !wanted.Contains((b.Kind, b.Target)));
        foreach (var (kind, target) in wanted.Where(w => !_bindings.Any(b => b.Kind == w.Kind && b.Target == w.Target)))
        {
            _bindings.Add(new ApiKeyBinding(Id, kind, target));
        }
    }

    /// <summary>Issues a new random key; the caller shows <paramref name="key"/> once and never again.</summary>
    public static ApiKey Issue(string name, string sourceName, string createdBy, DateTimeOffset now, out string key)
    {
        key = "esc_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return FromKnownKey(name, sourceName, key, createdBy, now);
    }

    /// <summary>A key whose value is already known (the Development key README documents).</summary>
    public static ApiKey FromKnownKey(string name, string sourceName, string key, string createdBy, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || string.IsNullOrWhiteSpace(sourceName) || sourceName.Length > 100)
        {
            throw new ArgumentException("An API key needs a name and a source name of at most 100 characters.");
        }

        return new ApiKey(name.Trim(), sourceName.Trim(), key, createdBy, now);
    }

    public void Revoke(string by, DateTimeOffset now)
    {
        RevokedAt ??= now;
        RevokedBy ??= by;
    }

    public static string HashOf(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
