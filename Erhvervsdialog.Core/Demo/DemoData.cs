using System.Security.Cryptography;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Demo;

public sealed record DemoUser(string UserName, string FullName, string Role, string Password);

/// <summary>
/// Fills an empty database with clearly fictitious data for a municipality like Helsingør: companies with contact
/// persons, and one user per role. Every name is made up; CVR numbers start with 9 and pass the modulus-11 check, and
/// every company carries the tag "demo".
/// </summary>
public sealed class DemoData(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, SaveUser saveUser, TimeProvider clock)
{
    public const string Tag = "demo";

    private static readonly (string Code, string City)[] Towns =
    [
        ("3000", "Helsingør"), ("3070", "Snekkersten"), ("3080", "Tikøb"), ("3100", "Hornbæk"),
        ("3140", "Ålsgårde"), ("3150", "Hellebæk"), ("3490", "Kvistgård"), ("3060", "Espergærde"),
    ];

    private static readonly string[] Streets =
    [
        "Stengade", "Bramstræde", "Kongevejen", "Øresundsvej", "Strandvejen", "Ålsgårde Stationsvej", "Hornbækvej",
        "Kronborgvej", "Gurrevej", "Rørtangvej", "Kvistgårdvej", "Grønnehave", "Prøvestensvej", "Fabriksvej", "Bøssemagergade",
    ];

    private static readonly string[] NameParts =
    [
        "Øresund", "Kronborg", "Hamlet", "Snekke", "Hornbæk", "Tikøb", "Gurre", "Marienlyst", "Nordkyst", "Ålsgårde",
        "Skibsværft", "Lappen", "Bølge", "Fyrtårn", "Færge", "Bøgeskov", "Sundtold", "Havnefront",
    ];

    private static readonly (string Code, string Text, string Suffix)[] Industries =
    [
        ("412000", "Opførelse af bygninger", "Byg"), ("432100", "El-installation", "El-service"),
        ("561010", "Restauranter", "Restaurant"), ("471120", "Supermarkeder", "Købmand"),
        ("620100", "Computerprogrammering", "IT"), ("251100", "Fremstilling af metalkonstruktioner", "Metal"),
        ("682040", "Udlejning af erhvervsejendomme", "Ejendomme"), ("493100", "Bybusser og anden landtransport", "Transport"),
        ("107110", "Fremstilling af brød og kager", "Bageri"), ("960210", "Frisørsaloner", "Frisør"),
        ("551010", "Hoteller", "Hotel"), ("711210", "Rådgivende ingeniørvirksomhed", "Rådgivning"),
        ("016100", "Planteavl-service", "Gartneri"), ("452010", "Autoreparation", "Auto"),
    ];

    private static readonly string[] LegalForms = ["ApS", "A/S", "I/S", "IVS", ""];

    private static readonly string[] FirstNames =
    [
        "Søren", "Åse", "Mette", "Jørgen", "Birgitte", "Ødis", "Lærke", "Mads", "Frederikke", "Bjørn", "Ida", "Kåre",
        "Sofie", "Rasmus", "Helle", "Anders", "Trine", "Niels", "Signe", "Mikkel",
    ];

    private static readonly string[] LastNames =
    [
        "Jørgensen", "Nørgaard", "Sørensen", "Kjær", "Ågesen", "Møller", "Holm", "Bæk", "Dalgård", "Lund",
        "Skovgaard", "Frølund", "Østergaard", "Bech", "Hvid",
    ];

    private static readonly string[] Titles = ["Direktør", "Indehaver", "Økonomichef", "Driftsleder", "HR-ansvarlig", "Projektleder"];

    /// <summary>Seeds the demo if the database has no users and no companies; returns the users it made, else empty.</summary>
    public async Task<IReadOnlyList<DemoUser>> SeedIfEmptyAsync(int companyCount = 300, CancellationToken cancellationToken = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await check.Users.AnyAsync(cancellationToken) || await check.Companies.AnyAsync(cancellationToken))
            {
                return [];
            }
        }
        var users = new List<DemoUser>
        {
            new("admin", "Anne Ågård (demo)", Roles.Administrator, NewPassword()),
            new("direktoer", "Birthe Kronborg-Sørensen (demo)", Roles.Director, NewPassword()),
            new("leder", "Jens Møller Østergaard (demo)", Roles.Manager, NewPassword()),
            new("konsulent", "Søren Bæk Hansen (demo)", Roles.Consultant, NewPassword()),
            new("sagsbehandler", "Lærke Nørgaard (demo)", Roles.CaseWorker, NewPassword()),
        };
        foreach (var user in users)
        {
            var result = await saveUser.SeedAsync(new SaveUserCommand
            {
                UserName = user.UserName, FullName = user.FullName, Password = user.Password,
                Email = $"{user.UserName}@demo.invalid", Roles = [user.Role],
            });
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Values));
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var userIds = await db.Users.ToDictionaryAsync(u => u.UserName!, u => u.Id, cancellationToken);
        var actor = new Actor(userIds["konsulent"], "konsulent", new HashSet<string> { Roles.Consultant });
        var now = clock.GetUtcNow().UtcDateTime;
        var units = Units(userIds);
        db.Units.AddRange(units);
        var companies = Generate(companyCount, seed: 2026, userIds["konsulent"]).ToList();
        db.Companies.AddRange(companies);
        await db.SaveChangesAsync(actor, now, cancellationToken);
        var contacts = GenerateContacts(companies, units, now, seed: 2026).ToList();
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync(actor, now, cancellationToken);
        await AddSurveyAnswersAsync(db, contacts, userIds["leder"], now, cancellationToken);
        var held = AddMeetings(db, companies, userIds, now);
        await db.SaveChangesAsync(actor, now, cancellationToken);
        foreach (var meeting in held.Where((_, i) => i % 2 == 0))
        {
            var done = meeting.StartsAt < now.AddDays(-30);
            db.FollowUps.Add(new FollowUps.FollowUp
            {
                Title = "Send status på byggesagen", CompanyId = meeting.CompanyId, OwnerId = userIds["leder"], MeetingId = meeting.Id,
                Source = FollowUps.FollowUpSource.Meeting, DueAt = meeting.StartsAt.AddDays(21),
                Status = done ? FollowUps.FollowUpStatus.Done : FollowUps.FollowUpStatus.Open,
                ClosingNote = done ? "Status sendt pr. e-mail." : null, ClosedAt = done ? meeting.StartsAt.AddDays(14) : null,
            });
        }
        await db.SaveChangesAsync(actor, now, cancellationToken);
        AddActionPlan(db, units, userIds, now);
        await db.SaveChangesAsync(actor, now, cancellationToken);
        return users;
    }

    /// <summary>
    /// The director's initiatives, made-up ranking results (marked as demo) for the municipality and a few peers, and a
    /// learning log entry, so Handlingsplan and Andre kommuner have something to show.
    /// </summary>
    private static void AddActionPlan(ErhvervsdialogDbContext db, List<MunicipalUnit> units, Dictionary<string, string> users, DateTime now)
    {
        var today = DateOnly.FromDateTime(DanishTime.ToLocal(now));
        var byg = units.Single(u => u.ShortName == "BYG").Id;
        var initiatives = new List<Overview.Initiative>
        {
            new() { Title = "Målinger efter hver henvendelse", Description = "Kort måling pr. SMS eller e-mail dagen efter, og opfølgning på lave scorer.",
                OwnerId = users["direktoer"], Status = Overview.InitiativeStatus.Running, StartDate = today.AddDays(-150) },
            new() { Title = "Ekstern hjælp til service i byggesager", Description = "Et konsulentforløb om sagsbehandlingstid og dialog med ansøgerne.",
                OwnerId = users["leder"], Status = Overview.InitiativeStatus.Running, StartDate = today.AddDays(-90), UnitIds = [byg] },
            new() { Title = "Tættere dialog med kommunaldirektøren", Description = "Dialogmøder med virksomhederne; referat og opfølgning.",
                OwnerId = users["direktoer"], Status = Overview.InitiativeStatus.Running, StartDate = today.AddDays(-120) },
            new() { Title = "Bedre sammenhæng mellem enhederne", Description = "Én indgang og fælles overblik over virksomhedens sager.",
                OwnerId = users["leder"], Status = Overview.InitiativeStatus.Planned, StartDate = today.AddDays(30) },
            new() { Title = "Lær af kommuner, der har vendt udviklingen", Description = "Besøg og sparring med kommuner, der er steget i målingen.",
                OwnerId = users["direktoer"], Status = Overview.InitiativeStatus.Idea, StartDate = today.AddDays(60) },
        };
        db.Initiatives.AddRange(initiatives);
        var random = new Random(3);
        string[] peers = ["Helsingør", "Egedal", "Fredensborg", "Gribskov", "Hillerød", "Furesø"];
        int[] start = [78, 45, 30, 60, 22, 50];
        for (var year = today.Year - 4; year < today.Year; year++)
        {
            for (var i = 0; i < peers.Length; i++)
            {
                var rank = Math.Clamp(start[i] - ((year - today.Year + 4) * (i == 1 ? 9 : i == 0 ? 5 : random.Next(-3, 4))), 1, 98);
                var scores = new Dictionary<string, double>
                {
                    ["Kommunal service (demo)"] = Math.Round(3 + ((98 - rank) / 60.0) + (random.NextDouble() / 5), 1),
                    ["Sagsbehandling (demo)"] = Math.Round(2.8 + ((98 - rank) / 55.0) + (random.NextDouble() / 5), 1),
                    ["Infrastruktur (demo)"] = Math.Round(3.5 + (random.NextDouble() / 2), 1),
                };
                db.Rankings.Add(new Overview.RankingResult
                {
                    Municipality = peers[i], Year = year, Rank = rank, ScoresJson = System.Text.Json.JsonSerializer.Serialize(scores), ImportedAt = now,
                });
            }
        }
        db.LearningLog.Add(new Overview.LearningEntry
        {
            Municipality = "Egedal", Practice = "Fast virksomhedskontakt og opfølgende opkald efter hver byggesag.", Status = Overview.LearningStatus.Trying,
            InitiativeId = null,
        });
    }

    /// <summary>
    /// Dialogue meetings: a dozen held in the last months (with minutes, decisions and follow-ups) and a dozen planned
    /// over the coming weeks, so the calendar, the briefings and the dialogue programme have something to show.
    /// </summary>
    private static List<Meetings.DialogueMeeting> AddMeetings(ErhvervsdialogDbContext db, List<Company> companies, Dictionary<string, string> users, DateTime now)
    {
        var random = new Random(48);
        string[] purposes = ["Vækstplaner og udvidelse", "Rekruttering og kvalificeret arbejdskraft", "Byggesager og sagsbehandlingstid", "Grøn omstilling og energi"];
        string[] decisions = ["Fast kontaktperson i Byggeri og Ejendomme.", "Jobcentret sender kandidater til to lærlingepladser.", "Forhåndsdialog om ny hal inden 1. marts."];
        var today = DanishTime.ToLocal(now).Date;
        var heldMeetings = new List<Meetings.DialogueMeeting>();
        var chosen = companies.Where(c => c.EmployeeBand >= EmployeeBand.From10To19 && c.ContactPersons.Any(p => p.Email != null))
            .OrderBy(_ => random.Next()).Take(24).ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            var company = chosen[i];
            var held = i < 12;
            var day = held ? today.AddDays(-random.Next(10, 300)) : today.AddDays(random.Next(1, 35));
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                day = day.AddDays(1);
            }
            var start = DanishTime.ToUtc(day.AddHours(random.Next(8, 15)));
            var person = company.ContactPersons.First(p => p.Email != null);
            var meeting = new Meetings.DialogueMeeting
            {
                Company = company, StartsAt = start, EndsAt = start.AddHours(1), Place = random.Next(3) == 0 ? "Rådhuset, Stengade 59" : $"Hos {company.Name}",
                Purpose = purposes[random.Next(purposes.Length)], Agenda = ["Velkomst og præsentation", "Virksomhedens planer", "Hvad kan kommunen gøre bedre?"],
                Status = held ? Meetings.MeetingStatus.Held : Meetings.MeetingStatus.Planned, HeldAt = held ? start.AddHours(1) : null,
                Summary = held ? "Virksomheden oplever gode dialoger med Erhvervsservice, men lange svartider i byggesager." : null,
                Decisions = held ? decisions[random.Next(decisions.Length)] : null,
                Participants =
                [
                    new() { UserId = users["direktoer"], Name = "Birthe Kronborg-Sørensen (demo)", Email = "direktoer@demo.invalid" },
                    new() { UserId = users["leder"], Name = "Jens Møller Østergaard (demo)", Email = "leder@demo.invalid" },
                    new() { ContactPersonId = person.Id, Name = person.Name, Email = person.Email },
                ],
            };
            db.DialogueMeetings.Add(meeting);
            if (held)
            {
                heldMeetings.Add(meeting);
            }
        }
        return heldMeetings;
    }

    private static List<MunicipalUnit> Units(Dictionary<string, string> users) =>
    [
        new()
        {
            Name = "Byggeri og Ejendomme", ShortName = "BYG", Topics = ["byggetilladelse", "ibrugtagning", "lovliggørelse", "forhåndsdialog"],
            Members = [new() { UserId = users["leder"], IsManager = true }, new() { UserId = users["sagsbehandler"] }],
        },
        new()
        {
            Name = "Miljø og Natur", ShortName = "MIL", Topics = ["miljøgodkendelse", "spildevand", "jordflytning", "støj"],
            Members = [new() { UserId = users["leder"], IsManager = true }],
        },
        new()
        {
            Name = "Jobcenter Helsingør (demo)", ShortName = "JOB", Topics = ["rekruttering", "løntilskud", "fastholdelse", "opkvalificering"],
        },
        new()
        {
            Name = "Erhvervsservice", ShortName = "ERH", Topics = ["erhvervsvejledning", "iværksætteri", "etablering", "netværk"],
            Members = [new() { UserId = users["konsulent"] }],
        },
        new()
        {
            Name = "Plan og Udvikling", ShortName = "PLAN", Topics = ["lokalplan", "dispensation", "zonetilladelse"],
        },
    ];

    /// <summary>
    /// Contacts over the last 18 months, mostly closed, spread over units, channels and topics: up to eleven per company,
    /// and 20–44 for one company in 25 (a builder with many permits, a big employer), so a timeline has a history to show.
    /// </summary>
    public static IEnumerable<Contact> GenerateContacts(IReadOnlyList<Company> companies, IReadOnlyList<MunicipalUnit> units,
        DateTime now, int seed)
    {
        var random = new Random(seed);
        var summaries = new[]
        {
            "Spørgsmål om sagsbehandlingstid og manglende bilag.", "Forhåndsdialog om udvidelse af lagerhal.",
            "Virksomheden ønsker hjælp til at finde en elektriker-lærling.", "Klage over støj fra nabovirksomhed.",
            "Opfølgning på tilsyn; alt i orden.", "Rådgivning om etablering af ny afdeling i Snekkersten.",
        };
        foreach (var company in companies)
        {
            var count = random.Next(25) == 0 ? random.Next(20, 45) : random.Next(0, 12);
            for (var i = 0; i < count; i++)
            {
                var unit = units[random.Next(units.Count)];
                var occurred = now.AddDays(-random.Next(1, 540)).AddMinutes(-random.Next(0, 600));
                var closed = random.Next(6) != 0;
                // Most contacts are cases with a measured handling time; each unit has its own pace (see HandlingDays).
                var isCase = random.Next(10) < 7;
                var closedAt = new DateTime(Math.Min(occurred.AddDays(isCase ? HandlingDays(unit.ShortName, random) : random.Next(0, 30)).Ticks, now.Ticks), DateTimeKind.Utc);
                var received = DateOnly.FromDateTime(DanishTime.ToLocal(occurred));
                yield return new Contact
                {
                    Company = company,
                    Unit = unit,
                    OccurredAt = occurred,
                    Channel = (ContactChannel)random.Next(0, 6),
                    Topic = unit.Topics[random.Next(unit.Topics.Count)],
                    CaseWorkerId = unit.Members.Count == 0 ? null : unit.Members[random.Next(unit.Members.Count)].UserId,
                    CaseReference = $"{occurred.Year}-{random.Next(1000, 99999)}",
                    Summary = summaries[random.Next(summaries.Length)],
                    Status = closed ? ContactStatus.Closed : ContactStatus.Open,
                    ClosedAt = closed ? closedAt : null,
                    CaseReceivedOn = isCase ? received : null,
                    CaseDecidedOn = isCase && closed ? DateOnly.FromDateTime(DanishTime.ToLocal(closedAt)) : null,
                    ContactPerson = company.ContactPersons.Count == 0 ? null : company.ContactPersons[random.Next(company.ContactPersons.Count)],
                };
            }
        }
    }

    /// <summary>
    /// Days from received to decided. Building and environment are slow, the job centre and business service fast — and
    /// the answers below are made so that the comparison has a story: the job centre is fast but felt slow, environment
    /// slow but felt fine.
    /// </summary>
    private static int HandlingDays(string unit, Random random) => unit switch
    {
        "BYG" => random.Next(25, 70),
        "MIL" => random.Next(25, 55),
        "PLAN" => random.Next(15, 40),
        "JOB" => random.Next(2, 9),
        _ => random.Next(1, 12),
    };

    /// <summary>How the time taken felt (1–5) in the demo: see <see cref="HandlingDays"/>.</summary>
    private static int TimeTakenScore(string unit, int satisfaction, Random random) => unit switch
    {
        "JOB" => random.Next(2, 4),
        "MIL" => random.Next(4, 6),
        _ => Math.Clamp(satisfaction + random.Next(-1, 2), 1, 5),
    };

    /// <summary>
    /// Survey answers for about half the closed contacts of the last twelve months (a company is asked at most once in 30
    /// days), so Overblik's unit × month table, Målinger and Opfølgninger have something to show; the building unit scores
    /// lower than the others, as in the case that started the project.
    /// </summary>
    private static async Task AddSurveyAnswersAsync(ErhvervsdialogDbContext db, List<Contact> contacts, string managerId,
        DateTime now, CancellationToken cancellationToken)
    {
        var version = await db.SurveyTemplateVersions.OrderBy(v => v.Id).Include(v => v.Questions).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return;
        }
        var random = new Random(7);
        string[] praise = ["Hurtig og venlig betjening.", "Sagsbehandleren ringede selv tilbage – tak!", "God dialog undervejs."];
        string[] complaints = ["Det tog for lang tid at få svar.", "Svært at finde ud af, hvilke bilag vi skulle bruge.", "Vi blev sendt rundt mellem afdelinger."];
        var lastAsked = new Dictionary<int, DateTime>();
        foreach (var contact in contacts.Where(c => c.Status == ContactStatus.Closed && c.ClosedAt > now.AddDays(-365))
                     .OrderBy(c => c.ClosedAt))
        {
            if (lastAsked.TryGetValue(contact.CompanyId, out var asked) && contact.ClosedAt < asked.AddDays(30) || random.Next(10) == 0)
            {
                continue;
            }
            lastAsked[contact.CompanyId] = contact.ClosedAt!.Value;
            var sentAt = contact.ClosedAt!.Value.AddDays(1) < now.AddHours(-6) ? contact.ClosedAt.Value.AddDays(1) : now.AddHours(-6);
            var answered = random.Next(10) < 7;
            var invitation = new Surveys.SurveyInvitation
            {
                ContactId = contact.Id, CompanyId = contact.CompanyId, UnitId = contact.UnitId, TemplateVersionId = version.Id,
                Channel = Surveys.SurveyChannel.Email, Recipient = $"demo{contact.Id}@demo.invalid",
                TokenNonce = RandomNumberGenerator.GetBytes(16), TokenHash = RandomNumberGenerator.GetBytes(32),
                Status = answered ? Surveys.InvitationStatus.Answered : sentAt < now.AddDays(-14) ? Surveys.InvitationStatus.Expired : Surveys.InvitationStatus.Sent,
                CreatedAt = contact.ClosedAt.Value, SentAt = sentAt, ExpiresAt = sentAt.AddDays(14), AnsweredAt = answered ? sentAt.AddHours(5) : null,
            };
            contact.SurveyNote = "Måling sendt (demodata).";
            db.SurveyInvitations.Add(invitation);
            if (!answered)
            {
                continue;
            }
            var bias = contact.Unit!.ShortName == "BYG" ? -1 : 0;
            var satisfaction = Math.Clamp(random.Next(2, 6) + bias, 1, 5);
            var pool = satisfaction >= 4 ? praise : satisfaction <= 2 ? complaints : [.. praise, .. complaints];
            var comment = random.Next(3) == 0 ? pool[random.Next(pool.Length)] : null;
            var response = new Surveys.SurveyResponse
            {
                Invitation = invitation, TemplateVersionId = version.Id, SubmittedAt = sentAt.AddHours(5), UnitId = contact.UnitId,
                CompanyId = contact.CompanyId, Topic = contact.Topic, ContactChannel = contact.Channel, ContactOccurredAt = contact.OccurredAt,
                Satisfaction = satisfaction, LowestScore = satisfaction, Recommendation = Math.Clamp(satisfaction * 2 + random.Next(-1, 2), 0, 10),
                Comment = comment, MayContact = random.Next(5) == 0,
                Answers = version.Questions.Where(q => q.Kind == Surveys.QuestionKind.Scale5).OrderBy(q => q.Order).Select((q, index) =>
                    new Surveys.SurveyAnswer
                    {
                        QuestionId = q.Id,
                        Number = index == 0 ? satisfaction
                            : q.Category == Surveys.QuestionCategory.CaseHandling ? TimeTakenScore(contact.Unit.ShortName, satisfaction, random)
                            : Math.Clamp(satisfaction + random.Next(0, 2), 1, 5),
                    }).ToList(),
            };
            response.LowestScore = response.Answers.Min(a => a.Number);
            db.SurveyResponses.Add(response);
            if (response.LowestScore <= 2)
            {
                db.FollowUps.Add(new FollowUps.FollowUp
                {
                    Title = $"Lav score ({response.LowestScore}/5) fra {contact.Company!.Name}", Description = comment ?? "–",
                    CompanyId = contact.CompanyId, UnitId = contact.UnitId, OwnerId = contact.Unit.ShortName is "BYG" or "MIL" ? managerId : null,
                    DueAt = response.SubmittedAt.AddDays(7), Priority = FollowUps.FollowUpPriority.High,
                    Source = FollowUps.FollowUpSource.LowScore, SurveyResponse = response, ContactId = contact.Id,
                    Status = response.SubmittedAt < now.AddDays(-30) ? FollowUps.FollowUpStatus.Done : FollowUps.FollowUpStatus.Open,
                    ClosingNote = response.SubmittedAt < now.AddDays(-30) ? "Ringet op og fulgt op (demodata)." : null,
                    ClosedAt = response.SubmittedAt < now.AddDays(-30) ? response.SubmittedAt.AddDays(2 + (contact.Id % 8)) : null,
                    CreatedAt = response.SubmittedAt, UpdatedAt = response.SubmittedAt,
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Realistic, made-up companies; the same seed gives the same companies (benchmarks use this too).</summary>
    public static IEnumerable<Company> Generate(int count, int seed, string? keyAccountConsultantId = null)
    {
        var random = new Random(seed);
        var cvrs = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var industry = Industries[random.Next(Industries.Length)];
            var town = Towns[random.Next(Towns.Length)];
            var namePart = NameParts[random.Next(NameParts.Length)];
            var legal = LegalForms[random.Next(LegalForms.Length)];
            var name = $"{namePart} {industry.Suffix} {legal}".Trim();
            if (i >= NameParts.Length * Industries.Length / 2)
            {
                name = $"{LastNames[random.Next(LastNames.Length)]}s {industry.Suffix} {legal}".Trim();
            }
            string cvr;
            do
            {
                cvr = NewCvr(random);
            }
            while (!cvrs.Add(cvr));
            var company = new Company
            {
                Cvr = cvr,
                Name = name,
                Address = $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 120)}",
                PostalCode = town.Code,
                City = town.City,
                IndustryCode = industry.Code,
                IndustryText = industry.Text,
                EmployeeBand = (EmployeeBand)random.Next(1, 11),
                Phone = $"+454{random.Next(9000000, 9999999)}",
                Email = $"kontakt{i}@demo.invalid",
                Website = random.Next(3) == 0 ? null : $"https://firma{i}.demo.invalid",
                AdvertisingProtection = random.Next(5) == 0,
                Status = random.Next(25) == 0 ? CompanyStatus.Ceased : CompanyStatus.Active,
                Tags = random.Next(8) == 0 ? [Tag, "nøglekunde"] : [Tag],
                KeyAccountConsultantId = random.Next(8) == 0 ? keyAccountConsultantId : null,
            };
            company.ProductionUnits.Add(new ProductionUnit
            {
                PNumber = (1000000000L + (long)i * 7919 % 8999999999L).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Name = name,
                Address = $"{company.Address}, {town.Code} {town.City}",
            });
            var persons = random.Next(0, 4);
            for (var p = 0; p < persons; p++)
            {
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                company.ContactPersons.Add(new ContactPerson
                {
                    Name = $"{first} {last}",
                    Title = Titles[random.Next(Titles.Length)],
                    Email = $"person{i}-{p}@demo.invalid",
                    Mobile = random.Next(4) == 0 ? null : $"+452{random.Next(1000000, 9999999)}",
                    SurveyOptOut = random.Next(12) == 0,
                });
            }
            yield return company;
        }
    }

    private static string NewCvr(Random random)
    {
        while (true)
        {
            var digits = "9" + random.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            int[] weights = [2, 7, 6, 5, 4, 3, 2];
            var sum = digits.Select((d, i) => (d - '0') * weights[i]).Sum();
            var check = (11 - sum % 11) % 11;
            if (check < 10)
            {
                return digits + check;
            }
        }
    }

    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 16);
    }
}
