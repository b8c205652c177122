namespace Escalation.Domain.Organisation;

/// <summary>The one organisation (hospital, clinic) this installation serves: its name and home time zone.</summary>
public sealed class OrganisationProfile
{
    /// <summary>An installation serves one organisation, so the profile is a single row with a fixed key.</summary>
    public const int SingletonId = 1;

    private OrganisationProfile()
    {
        Name = TimeZoneId = string.Empty;
    }

    public OrganisationProfile(string name, string timeZoneId)
    {
        Id = SingletonId;
        Name = ValidName(name);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? string.Empty, out _))
        {
            throw new DomainException($"Unknown time zone '{timeZoneId}'.");
        }

        TimeZoneId = timeZoneId!;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>IANA zone for organisation-wide schedules (weekly reports); units may have their own.</summary>
    public string TimeZoneId { get; private set; }

    public void Rename(string name) => Name = ValidName(name);

    private static string ValidName(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > 200)
        {
            throw new DomainException("An organisation name is required and at most 200 characters.");
        }

        return trimmed;
    }
}
