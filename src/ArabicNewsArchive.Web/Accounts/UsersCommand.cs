using System.Globalization;
using System.Text;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Ingestion;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Accounts;

/// <summary>
/// <c>users add NAME --role curator|admin</c>, <c>users list</c>, <c>users remove NAME</c>: accounts are made at the
/// command line, so the first admin needs no page open to anyone and there is no default password anywhere.
/// Exit codes: 0 done, 1 refused (name taken, no such account, password too weak or empty), 2 usage, 3-5 the
/// store's failures as for <c>ingest</c> (docs/curation.md).
/// </summary>
internal static class UsersCommand
{
    public const string PasswordVariable = "ARCHIVE_PASSWORD";

    private const string Usage =
        "usage: users add NAME --role curator|admin   (password from ARCHIVE_PASSWORD, else asked for)\n" +
        "       users list\n" +
        "       users remove NAME";

    /// <param name="environmentPassword">The value of <see cref="PasswordVariable"/>, null when it is not set.</param>
    /// <param name="askPassword">Asks for the password (without echo on a terminal); null when nothing can be read.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, string connectionString, string? environmentPassword, Func<string, string?> askPassword,
        TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAccountsStore(connectionString);
        await using var provider = services.BuildServiceProvider();
        try
        {
            switch (args)
            {
                case ["add", var name, "--role", var role]:
                    return await AddAsync(provider, name, role, environmentPassword, askPassword, output, errors, ct);
                case ["add", "--role", var role, var name]:
                    return await AddAsync(provider, name, role, environmentPassword, askPassword, output, errors, ct);
                case ["list"]:
                    return await ListAsync(provider, output, ct);
                case ["remove", var name]:
                    return await RemoveAsync(provider, name, output, errors, ct);
                default:
                    await errors.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (IngestStoreException.Classify(e) is { } failure)
        {
            var store = e as IngestStoreException ?? IngestStoreException.From(failure, e);
            await errors.WriteLineAsync($"error: {store.Message}");
            return IngestCommand.ExitCode(failure);
        }
    }

    private static async Task<int> AddAsync(
        IServiceProvider provider, string name, string role, string? environmentPassword, Func<string, string?> askPassword,
        TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (!ArchiveRoles.All.Contains(role))
        {
            await errors.WriteLineAsync($"error: unknown role '{role}': the roles are {string.Join(" and ", ArchiveRoles.All)}");
            return 2;
        }

        await AccountsSetup.MigrateAccountsAsync(provider, ct);
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(name) is not null)
        {
            await errors.WriteLineAsync($"error: the account '{name}' exists already (users remove {name} first to replace it)");
            return 1;
        }

        var password = environmentPassword ?? askPassword($"password for {name}: ");
        if (string.IsNullOrEmpty(password))
        {
            await errors.WriteLineAsync($"error: no password given: set {PasswordVariable} or type one when asked");
            return 1;
        }

        var user = new IdentityUser(name);
        // Validated before anything is stored, so a refused password leaves no half-made account.
        var problems = new List<string>();
        foreach (var validator in users.UserValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, user)).Errors.Select(e => e.Description));
        }

        foreach (var validator in users.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        }

        if (problems.Count > 0)
        {
            await errors.WriteLineAsync($"error: the account was not created:");
            foreach (var problem in problems)
            {
                await errors.WriteLineAsync($"  {problem}");
            }

            return 1;
        }

        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, role);
        }

        if (!created.Succeeded)
        {
            await errors.WriteLineAsync($"error: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            return 1;
        }

        await output.WriteLineAsync($"added {name} ({role})");
        return 0;
    }

    private static async Task<int> ListAsync(IServiceProvider provider, TextWriter output, CancellationToken ct)
    {
        await AccountsSetup.MigrateAccountsAsync(provider, ct);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var rows = await (
            from u in db.Users.AsNoTracking()
            select new
            {
                u.UserName,
                u.LockoutEnd,
                Roles = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).ToList(),
            }).ToListAsync(ct);
        foreach (var row in rows.OrderBy(r => r.UserName, StringComparer.Ordinal))
        {
            var roles = row.Roles.Count == 0 ? "(reader)" : string.Join(",", row.Roles.Order(StringComparer.Ordinal));
            var locked = row.LockoutEnd is { } end && end > DateTimeOffset.UtcNow
                ? string.Create(CultureInfo.InvariantCulture, $"  locked until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC")
                : "";
            await output.WriteLineAsync($"{IngestCommand.Escape(row.UserName ?? "")}\t{roles}{locked}");
        }

        await output.WriteLineAsync($"total: {rows.Count} accounts");
        return 0;
    }

    private static async Task<int> RemoveAsync(IServiceProvider provider, string name, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        await AccountsSetup.MigrateAccountsAsync(provider, ct);
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(name) is not { } user)
        {
            await errors.WriteLineAsync($"error: no account is called '{name}'");
            return 1;
        }

        var removed = await users.DeleteAsync(user);
        if (!removed.Succeeded)
        {
            await errors.WriteLineAsync($"error: {string.Join("; ", removed.Errors.Select(e => e.Description))}");
            return 1;
        }

        await output.WriteLineAsync($"removed {name}");
        return 0;
    }

    /// <summary>
    /// Reads a password from the terminal without echoing it, asked twice so a typo does not lock the account out;
    /// from standard input as a line when that is not a terminal; null when there is nothing to read.
    /// </summary>
    public static string? AskPassword(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var first = ReadHidden(prompt);
        var again = ReadHidden("again: ");
        if (first != again)
        {
            Console.Error.WriteLine("error: the two passwords differ");
            return null;
        }

        return first;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
