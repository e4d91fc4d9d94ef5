using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Overview;
using Erhvervsdialog.Core.Privacy;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Core on an SQLite database (the embedded default).</summary>
    public static IServiceCollection AddErhvervsdialogCore(this IServiceCollection services, string sqliteConnectionString,
        IConfiguration? configuration = null, string? dataFolder = null) =>
        services.AddErhvervsdialogCore(new DatabaseSettings(DatabaseProvider.Sqlite, sqliteConnectionString), configuration, dataFolder);

    /// <summary>The database, Identity's user store and rules, and every use case.</summary>
    public static IServiceCollection AddErhvervsdialogCore(this IServiceCollection services, DatabaseSettings database,
        IConfiguration? configuration = null, string? dataFolder = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddDbContextFactory<ErhvervsdialogDbContext, ProviderDbContextFactory>(options => ConfigureDatabase(options, database));

        services.AddDataProtection();
        services.AddIdentityCore<AppUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ErhvervsdialogDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OnceOnlyAuthenticatorTokenProvider>(OnceOnlyAuthenticatorTokenProvider.Name)
            .AddPasswordValidator<CommonPasswords>();
        services.AddScoped<IUserStore<AppUser>, HashedRecoveryCodesUserStore>();

        services.AddSingleton<DatabaseSetup>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<SaveUser>();
        services.AddSingleton<ListUsers>();
        services.AddSingleton<AccountSecurity>();
        services.AddSingleton<SingleSignOnUsers>();
        services.AddSingleton<SaveCompany>();
        services.AddSingleton<ArchiveCompany>();
        services.AddSingleton<ResumeSurveys>();
        services.AddSingleton<GetCompany>();
        services.AddSingleton<SearchCompanies>();
        services.AddSingleton<SaveContactPerson>();
        services.AddSingleton<GetAccessLog>();
        services.AddSingleton<SaveUnit>();
        services.AddSingleton<ListUnits>();
        services.AddSingleton<SaveContact>();
        services.AddSingleton<SearchContacts>();
        services.AddSingleton<GetCompanyTimeline>();
        services.AddSingleton<AddCompanyNote>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<IntakeContact>();
        services.AddSingleton<CompanyImport>();

        var municipality = services.AddOptions<MunicipalityOptions>();
        var surveys = services.AddOptions<SurveyOptions>();
        var messaging = services.AddOptions<MessagingOptions>();
        var dialogue = services.AddOptions<DialogueOptions>();
        var reports = services.AddOptions<ReportOptions>();
        var overview = services.AddOptions<OverviewOptions>();
        var retention = services.AddOptions<RetentionOptions>();
        var signIn = services.AddOptions<SignInSettings>();
        var singleSignOn = services.AddOptions<SingleSignOnOptions>();
        var backup = services.AddOptions<BackupOptions>();
        if (configuration is not null)
        {
            municipality.Bind(configuration.GetSection(MunicipalityOptions.Section));
            overview.Bind(configuration.GetSection(OverviewOptions.Section));
            retention.Bind(configuration.GetSection(RetentionOptions.Section));
            signIn.Bind(configuration.GetSection(SignInSettings.Section));
            singleSignOn.Bind(configuration.GetSection(SingleSignOnOptions.Section));
            backup.Bind(configuration.GetSection(BackupOptions.Section));
            reports.Bind(configuration.GetSection(ReportOptions.Section));
            dialogue.Bind(configuration.GetSection(DialogueOptions.Section));
            surveys.Bind(configuration.GetSection(SurveyOptions.Section));
            messaging.Bind(configuration.GetSection(MessagingOptions.Section));
        }
        services.AddSingleton(provider => SurveyTokens.Create(
            provider.GetRequiredService<IOptions<SurveyOptions>>().Value.TokenKey,
            Path.Combine(dataFolder ?? Path.GetTempPath(), "survey-token.key")));
        services.AddHttpClient(SmsGatewayTransport.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton(provider => new FirstRunCode(dataFolder ?? Path.GetTempPath(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FirstRunCode>>()));
        services.AddSingleton<SurveyPlanner>();
        // Each feature's reaction to its own messages; Messaging knows only the interface.
        services.AddSingleton<IMessageHook>(provider => provider.GetRequiredService<SurveyPlanner>());
        services.AddSingleton<IMessageHook, MeetingMessages>();
        services.AddSingleton<MessageScheduler>();
        services.AddSingleton<MessageDispatcher>();
        services.AddTransient<SendMessageJob>();
        services.AddTransient<SweepJob>();
        services.AddTransient<ExpireSurveyLinksJob>();
        services.AddTransient<EscalateLowScoresJob>();
        services.AddSingleton<AnswerSurvey>();
        services.AddSingleton<ManageFollowUps>();
        services.AddSingleton<SurveyResults>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<SmsWebhook>();
        services.AddSingleton<SaveSurveyTemplate>();
        services.AddSingleton<PlanMeeting>();
        services.AddSingleton<MeetingQueries>();
        services.AddSingleton<MeetingBriefing>();
        services.AddSingleton<MeetingMinutes>();
        services.AddSingleton<DialogueProgramme>();
        services.AddSingleton<CalendarFeed>();
        services.AddTransient<FollowUpDigestJob>();
        services.AddSingleton<CompanyReports>();
        services.AddSingleton<ServiceReport>();
        services.AddSingleton<ManageReports>();
        services.AddTransient<ReportJob>();
        services.AddTransient<ScheduledReportJob>();
        services.AddSingleton<GetOverview>();
        services.AddSingleton<UnitComparison>();
        services.AddSingleton<ActionPlan>();
        services.AddSingleton<Benchmarking>();
        services.AddSingleton<GetAuditLog>();
        services.AddTransient<RetentionJob>();
        services.AddSingleton<SubjectAccess>();
        services.AddTransient<BackupJob>();
        return services;
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, DatabaseSettings database)
    {
        if (database.IsSqlite)
        {
            options.UseSqlite(database.ConnectionString)
                .AddInterceptors(new DanishCollation(), new WriteGate(database.ConnectionString));
        }
        else
        {
            options.UseNpgsql(database.ConnectionString);
        }
    }

    /// <summary>
    /// Password rule after OWASP ASVS: length only (12–128), no composition rules, no common password. An account locks for
    /// 15 minutes after <see cref="SignInSettings.FailuresPerAccount"/> failures; one client address is stopped sooner (SignInThrottle).
    /// </summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.Password.RequiredLength = PasswordRules.MinLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.MaxFailedAccessAttempts = SignInSettings.FailuresPerAccount;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
        options.User.AllowedUserNameCharacters += "æøåÆØÅäöüÄÖÜéÉ";
        options.SignIn.RequireConfirmedAccount = false;
        options.Tokens.AuthenticatorTokenProvider = OnceOnlyAuthenticatorTokenProvider.Name;
    }
}
