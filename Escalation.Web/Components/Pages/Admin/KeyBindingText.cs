using Escalation.Infrastructure.Integrations;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>What an integration key feeds, in words, with the names an administrator knows the sources and units by.</summary>
public static class KeyBindingText
{
    /// <summary>"schedule Main rota; FHIR as lab-1; practices CARD, ED", or "nothing" for a key bound to nothing.</summary>
    public static string Describe(KeyBinding binding, BindingChoices choices)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(choices);
        if (binding.IsEmpty)
        {
            return "nothing";
        }

        var parts = new List<string>();
        var sources = choices.ScheduleSources.Where(s => binding.ScheduleSources.Contains(s.Id)).Select(s => s.Name).ToList();
        if (sources.Count > 0)
        {
            parts.Add($"schedule {string.Join(", ", sources)}");
        }

        if (binding.FhirSource is { } fhir)
        {
            parts.Add($"FHIR as {fhir}");
        }

        var practices = choices.Practices.Where(p => binding.Practices.Contains(p.Id)).Select(p => p.Code).ToList();
        if (practices.Count > 0)
        {
            parts.Add($"practices {string.Join(", ", practices)}");
        }

        return string.Join("; ", parts);
    }
}
