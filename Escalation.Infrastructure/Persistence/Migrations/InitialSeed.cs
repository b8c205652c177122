using Microsoft.EntityFrameworkCore.Migrations;

namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>
/// The rows a new database starts with that the model does not hold (the audit head and the auditor's counter are
/// model data, <c>HasData</c>), written once for every provider's initial migration as the hand-written V0008 seeded
/// them: the site's default critical and abnormal lab limits (docs/decisions/014) and their policy. An upgraded
/// database already has them.
/// </summary>
internal static class InitialSeed
{
    public static void Insert(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.InsertData(
            "LabLimits",
            ["Id", "LoincCode", "Unit", "Display", "CriticalLow", "CriticalHigh", "AbnormalLow", "AbnormalHigh", "IsEnabled"],
            new object?[,]
            {
                { Id(1), "2823-3", "mmol/L", "Potassium", 2.8m, 6.2m, 3.5m, 5.1m, true },
                { Id(2), "6298-4", "mmol/L", "Potassium", 2.8m, 6.2m, 3.5m, 5.1m, true },
                { Id(3), "2951-2", "mmol/L", "Sodium", 120m, 160m, 135m, 145m, true },
                { Id(4), "2345-7", "mg/dL", "Glucose", 40m, 450m, 70m, 140m, true },
                { Id(5), "2339-0", "mg/dL", "Glucose", 40m, 450m, 70m, 140m, true },
                { Id(6), "15074-8", "mmol/L", "Glucose", 2.2m, 25m, 3.9m, 7.8m, true },
                { Id(7), "17861-6", "mg/dL", "Calcium", 6.0m, 13.0m, 8.5m, 10.5m, true },
                { Id(8), "718-7", "g/dL", "Hemoglobin", 7m, 20m, null, null, true },
                { Id(9), "777-3", "10*3/uL", "Platelets", 20m, 1000m, 150m, 450m, true },
                { Id(10), "6598-7", "ng/mL", "Troponin I", null, 0.1m, null, null, true },
                { Id(11), "89579-7", "ng/L", "Troponin I (high sensitivity)", null, 52m, null, null, true },
                { Id(12), "2524-7", "mmol/L", "Lactate", null, 4m, null, 2m, true },
            });
        migrationBuilder.InsertData("LabPolicy", ["Id", "Precedence", "UrgentForAbnormal", "Revision"], [1, "MostSevereWins", false, 1L]);
    }

    // The ids V0008 gave the defaults, so a default reads the same on a new and an upgraded database.
    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0008-{n:D12}");
}
