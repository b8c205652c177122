namespace Escalation.Tests.Support;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Screenshots of what the browser tests checked, for people to look at (ignored by git).</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(Root, "TestResults", "screenshots")).FullName;

    public static string WebProject => Path.Combine(Root, "Escalation.Web");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Escalation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Escalation.sln not found above the test binaries.");
    }
}
