namespace Escalation.Infrastructure.DataProtection;

/// <summary>One ASP.NET Core data-protection key, stored in the database so every node and every restart can read the same cookies.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = string.Empty;

    public string Xml { get; set; } = string.Empty;
}
