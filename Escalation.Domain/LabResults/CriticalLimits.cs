namespace Escalation.Domain.LabResults;

/// <summary>
/// Adult critical-value defaults. These are common published critical-value (panic value) thresholds of the kind
/// found in laboratory critical-result policies; they are a starting point only: each site's laboratory director
/// edits them to match the site's own analysers and policy.
/// </summary>
public static class CriticalLimits
{
    public static IReadOnlyList<CriticalLimit> Defaults { get; } =
    [
        new("2823-3", "Potassium", "mmol/L", 2.8m, 6.2m, 3.5m, 5.1m),
        new("6298-4", "Potassium", "mmol/L", 2.8m, 6.2m, 3.5m, 5.1m),
        new("2951-2", "Sodium", "mmol/L", 120m, 160m, 135m, 145m),
        new("2345-7", "Glucose", "mg/dL", 40m, 450m, 70m, 140m),
        new("2339-0", "Glucose", "mg/dL", 40m, 450m, 70m, 140m),
        new("15074-8", "Glucose", "mmol/L", 2.2m, 25m, 3.9m, 7.8m),
        new("17861-6", "Calcium", "mg/dL", 6.0m, 13.0m, 8.5m, 10.5m),
        new("718-7", "Hemoglobin", "g/dL", 7m, 20m),
        new("777-3", "Platelets", "10*3/uL", 20m, 1000m, 150m, 450m),
        // Conventional (non high-sensitivity) troponin I: any value above 0.1 ng/mL is treated as critical.
        new("6598-7", "Troponin I", "ng/mL", null, 0.1m),
        // High-sensitivity troponin I: 52 ng/L is a commonly used single-sample "rule-in" threshold; sites using
        // an assay with a different 99th-percentile upper reference limit must change it.
        new("89579-7", "Troponin I (high sensitivity)", "ng/L", null, 52m),
        new("2524-7", "Lactate", "mmol/L", null, 4m, null, 2m),
    ];
}
