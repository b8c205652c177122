using System.Text.RegularExpressions;

namespace Escalation.Tests.Architecture;

/// <summary>
/// The rules issue 20 set for a house a newcomer can find their way in, checked on the source so that they stay true:
/// pages and endpoints reach the database only through Infrastructure's services, one enum reader, and files that
/// hold one thing each.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class HouseRulesTests
{
    [Fact]
    public void ComponentsAndEndpoints_NeverTouchTheDbContext()
    {
        var offenders = Sources("Escalation.Web/Components", "Escalation.Web/Endpoints")
            .Where(f => f.Text.Contains("EscalationDbContext", StringComparison.Ordinal) || f.Text.Contains("IDbContextFactory", StringComparison.Ordinal))
            .Select(f => f.Path);

        Assert.Empty(offenders);
    }

    [Fact]
    public void Components_NeverLookUpServicesThemselves()
    {
        Assert.Empty(Sources("Escalation.Web/Components").Where(f => f.Text.Contains("IServiceProvider", StringComparison.Ordinal)).Select(f => f.Path));
    }

    [Fact]
    public void TheWebProject_ReadsEnumsInOnePlace()
    {
        var calls = Sources("Escalation.Web").Sum(f => Regex.Count(f.Text, @"\bEnum\.TryParse\b"));

        Assert.True(calls <= 1, $"Enum.TryParse appears {calls} times in Escalation.Web; read enums with EnumNames.");
    }

    [Fact]
    public void NoInfrastructureFile_DeclaresMoreThanFivePublicTypes()
    {
        var crowded = Sources("Escalation.Infrastructure")
            .Where(f => !f.Path.Contains("/Persistence/Migrations/", StringComparison.Ordinal))
            .Select(f => (f.Path, Count: PublicType().Count(f.Text)))
            .Where(f => f.Count > 5)
            .Select(f => $"{f.Path}: {f.Count}");

        Assert.Empty(crowded);
    }

    [GeneratedRegex(@"^\s*public\s+((sealed|static|abstract|partial|readonly|ref|new)\s+)*(class|record|struct|interface|enum|delegate)\b", RegexOptions.Multiline)]
    private static partial Regex PublicType();

    private static IEnumerable<(string Path, string Text)> Sources(params string[] folders) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'), File.ReadAllText(path)));
}
