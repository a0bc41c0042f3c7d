"""The starter exercise library `seed_demo` creates: common strength exercises in English and
German, classified, a few with demonstration videos.

Video ids have the providers' formats but are placeholders, not curated videos: replace them
with real demonstrations before showing the library to anyone.
"""

from __future__ import annotations

from typing import NamedTuple


class Starter(NamedTuple):
    en: str
    de: str
    category: str
    equipment: tuple[str, ...]
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()
    laterality: str = "bilateral"
    tracking: str = "reps_load"
    aliases_en: tuple[str, ...] = ()
    aliases_de: tuple[str, ...] = ()


U = "unilateral"
S = Starter

# fmt: off
EXERCISES: list[Starter] = [
    # Squats
    S("Back Squat", "Kniebeuge", "squat", ("barbell",), ("quadriceps", "glutes"),
      ("adductors", "lower_back"), aliases_en=("Barbell Squat", "High-Bar Squat"),
      aliases_de=("Langhantel-Kniebeuge",)),
    S("Front Squat", "Frontkniebeuge", "squat", ("barbell",), ("quadriceps", "glutes"),
      ("abs", "upper_back")),
    S("Goblet Squat", "Goblet-Kniebeuge", "squat", ("kettlebell", "dumbbell"),
      ("quadriceps", "glutes"), ("abs",)),
    S("Box Squat", "Box-Kniebeuge", "squat", ("barbell", "box"), ("glutes", "quadriceps"),
      ("hamstrings",)),
    S("Leg Press", "Beinpresse", "squat", ("machine",), ("quadriceps", "glutes"),
      ("hamstrings",)),
    S("Hack Squat", "Hackenschmidt-Kniebeuge", "squat", ("machine",), ("quadriceps",),
      ("glutes",)),
    S("Bodyweight Squat", "Kniebeuge ohne Zusatzgewicht", "squat", ("bodyweight",),
      ("quadriceps", "glutes"), aliases_en=("Air Squat",), aliases_de=("Luftkniebeuge",)),
    S("Pistol Squat", "Einbeinige Kniebeuge", "squat", ("bodyweight",),
      ("quadriceps", "glutes"), ("abs",), U, aliases_de=("Pistol Squat",)),
    # Hinges
    S("Deadlift", "Kreuzheben", "hinge", ("barbell",), ("hamstrings", "glutes", "lower_back"),
      ("traps", "forearms", "quadriceps"), aliases_en=("Conventional Deadlift",)),
    S("Romanian Deadlift", "Rumänisches Kreuzheben", "hinge", ("barbell",),
      ("hamstrings", "glutes"), ("lower_back",), aliases_en=("RDL",)),
    S("Sumo Deadlift", "Sumo-Kreuzheben", "hinge", ("barbell",),
      ("glutes", "hamstrings", "adductors"), ("quadriceps", "lower_back")),
    S("Trap Bar Deadlift", "Kreuzheben mit der Trap-Bar", "hinge", ("trap_bar",),
      ("quadriceps", "glutes", "hamstrings"), ("lower_back", "traps"),
      aliases_en=("Hex Bar Deadlift",)),
    S("Good Morning", "Good Morning", "hinge", ("barbell",), ("hamstrings", "lower_back"),
      ("glutes",)),
    S("Hip Thrust", "Hüftstoß", "hinge", ("barbell", "bench"), ("glutes",), ("hamstrings",),
      aliases_de=("Hip Thrust",)),
    S("Glute Bridge", "Beckenheben", "hinge", ("bodyweight",), ("glutes",), ("hamstrings",),
      aliases_de=("Glute Bridge",)),
    S("Kettlebell Swing", "Kettlebell-Swing", "hinge", ("kettlebell",),
      ("glutes", "hamstrings"), ("lower_back", "abs")),
    S("Single-Leg Romanian Deadlift", "Einbeiniges rumänisches Kreuzheben", "hinge",
      ("dumbbell",), ("hamstrings", "glutes"), ("lower_back",), U),
    S("Back Extension", "Rückenstrecken", "hinge", ("bench",), ("lower_back", "glutes"),
      ("hamstrings",), aliases_en=("Hyperextension",), aliases_de=("Hyperextension",)),
    S("Nordic Hamstring Curl", "Nordic Curl", "isolation", ("bodyweight",), ("hamstrings",),
      aliases_de=("Nordische Beinbeuger",)),
    # Lunges
    S("Walking Lunge", "Ausfallschritte im Gehen", "lunge", ("dumbbell",),
      ("quadriceps", "glutes"), ("hamstrings", "adductors"), U),
    S("Reverse Lunge", "Ausfallschritt rückwärts", "lunge", ("dumbbell",),
      ("quadriceps", "glutes"), ("hamstrings",), U),
    S("Bulgarian Split Squat", "Bulgarische Kniebeuge", "lunge", ("dumbbell", "bench"),
      ("quadriceps", "glutes"), ("adductors",), U, aliases_de=("Bulgarian Split Squat",)),
    S("Step-up", "Step-up", "lunge", ("dumbbell", "box"), ("quadriceps", "glutes"),
      ("hamstrings",), U, aliases_de=("Aufsteigen auf die Box",)),
    # Pushes
    S("Bench Press", "Bankdrücken", "push", ("barbell", "bench"), ("chest", "triceps"),
      ("front_delts",), aliases_en=("Flat Bench Press",), aliases_de=("Flachbankdrücken",)),
    S("Incline Bench Press", "Schrägbankdrücken", "push", ("barbell", "bench"),
      ("chest", "front_delts"), ("triceps",)),
    S("Dumbbell Bench Press", "Kurzhantel-Bankdrücken", "push", ("dumbbell", "bench"),
      ("chest",), ("triceps", "front_delts")),
    S("Close-Grip Bench Press", "Enges Bankdrücken", "push", ("barbell", "bench"),
      ("triceps", "chest"), ("front_delts",)),
    S("Overhead Press", "Schulterdrücken", "push", ("barbell",), ("front_delts", "triceps"),
      ("side_delts", "traps", "abs"), aliases_en=("Military Press", "Strict Press", "OHP"),
      aliases_de=("Military Press", "Überkopfdrücken")),
    S("Dumbbell Shoulder Press", "Kurzhantel-Schulterdrücken", "push", ("dumbbell",),
      ("front_delts",), ("triceps", "side_delts")),
    S("Push Press", "Push Press", "push", ("barbell",), ("front_delts", "triceps"),
      ("quadriceps", "glutes"), aliases_de=("Stoßdrücken",)),
    S("Push-up", "Liegestütz", "push", ("bodyweight",), ("chest", "triceps"),
      ("front_delts", "abs"), aliases_en=("Press-up",)),
    S("Dip", "Dips", "push", ("bodyweight",), ("chest", "triceps"), ("front_delts",),
      aliases_de=("Barrenstütz",)),
    S("Landmine Press", "Landmine-Drücken", "push", ("landmine",), ("front_delts", "chest"),
      ("triceps",), U),
    # Pulls
    S("Pull-up", "Klimmzug", "pull", ("pull_up_bar",), ("lats",), ("biceps", "upper_back"),
      aliases_en=("Pullup",), aliases_de=("Klimmzug im Obergriff",)),
    S("Chin-up", "Klimmzug im Untergriff", "pull", ("pull_up_bar",), ("lats", "biceps"),
      ("upper_back",), aliases_en=("Chinup",)),
    S("Lat Pulldown", "Latziehen", "pull", ("cable",), ("lats",), ("biceps", "upper_back")),
    S("Barbell Row", "Langhantelrudern", "pull", ("barbell",), ("upper_back", "lats"),
      ("biceps", "rear_delts", "lower_back"), aliases_en=("Bent-Over Row",),
      aliases_de=("Vorgebeugtes Rudern",)),
    S("Pendlay Row", "Pendlay-Rudern", "pull", ("barbell",), ("upper_back", "lats"),
      ("biceps", "rear_delts")),
    S("One-Arm Dumbbell Row", "Einarmiges Kurzhantelrudern", "pull", ("dumbbell", "bench"),
      ("lats", "upper_back"), ("biceps",), U),
    S("Seated Cable Row", "Rudern am Kabelzug", "pull", ("cable",), ("upper_back", "lats"),
      ("biceps", "rear_delts")),
    S("Inverted Row", "Umgekehrtes Rudern", "pull", ("bodyweight",), ("upper_back", "lats"),
      ("biceps",), aliases_en=("Australian Pull-up",)),
    S("Face Pull", "Face Pull", "pull", ("cable",), ("rear_delts", "upper_back"), ("traps",)),
    S("T-Bar Row", "T-Bar-Rudern", "pull", ("landmine",), ("upper_back", "lats"),
      ("biceps",)),
    # Olympic lifts
    S("Power Clean", "Umsetzen", "olympic", ("barbell",), ("glutes", "hamstrings", "traps"),
      ("quadriceps", "upper_back"), aliases_de=("Power Clean",)),
    S("Hang Clean", "Umsetzen aus dem Hang", "olympic", ("barbell",),
      ("glutes", "hamstrings", "traps"), ("quadriceps",)),
    S("Snatch", "Reißen", "olympic", ("barbell",), ("glutes", "hamstrings", "traps"),
      ("front_delts", "quadriceps")),
    S("Clean and Jerk", "Stoßen", "olympic", ("barbell",),
      ("glutes", "quadriceps", "front_delts"), ("triceps", "traps"),
      aliases_de=("Umsetzen und Stoßen",)),
    # Carries
    S("Farmer's Walk", "Farmer's Walk", "carry", ("dumbbell", "trap_bar"),
      ("forearms", "traps"), ("abs", "glutes"), tracking="distance",
      aliases_en=("Farmer's Carry",), aliases_de=("Bauerngang",)),
    S("Suitcase Carry", "Koffertragen", "carry", ("kettlebell", "dumbbell"),
      ("obliques", "forearms"), ("abs",), U, "distance"),
    S("Sled Push", "Schlittenschieben", "conditioning", ("sled",), ("quadriceps", "glutes"),
      ("calves",), tracking="distance", aliases_en=("Prowler Push",)),
    # Core
    S("Plank", "Unterarmstütz", "core", ("bodyweight",), ("abs",), ("obliques",),
      tracking="time", aliases_en=("Front Plank",), aliases_de=("Plank",)),
    S("Side Plank", "Seitstütz", "core", ("bodyweight",), ("obliques",), ("abs",), U, "time"),
    S("Hanging Leg Raise", "Beinheben im Hang", "core", ("pull_up_bar",),
      ("abs", "hip_flexors"), ("obliques",)),
    S("Ab Wheel Rollout", "Bauchroller", "core", ("other",), ("abs",), ("lats",),
      aliases_de=("Ab-Roller",)),
    S("Pallof Press", "Pallof Press", "core", ("cable", "band"), ("obliques", "abs"), (), U),
    S("Dead Bug", "Dead Bug", "core", ("bodyweight",), ("abs",), ("hip_flexors",),
      aliases_de=("Toter Käfer",)),
    S("Cable Crunch", "Crunch am Kabelzug", "core", ("cable",), ("abs",)),
    # Isolation
    S("Barbell Curl", "Bizepscurl mit der Langhantel", "isolation", ("barbell",), ("biceps",),
      ("forearms",)),
    S("Dumbbell Curl", "Bizepscurl mit Kurzhanteln", "isolation", ("dumbbell",), ("biceps",),
      ("forearms",)),
    S("Hammer Curl", "Hammercurl", "isolation", ("dumbbell",), ("biceps", "forearms")),
    S("Triceps Pushdown", "Trizepsdrücken am Kabelzug", "isolation", ("cable",),
      ("triceps",)),
    S("Skull Crusher", "Stirndrücken", "isolation", ("ez_bar", "bench"), ("triceps",),
      aliases_en=("Lying Triceps Extension",), aliases_de=("French Press",)),
    S("Lateral Raise", "Seitheben", "isolation", ("dumbbell",), ("side_delts",), ("traps",)),
    S("Rear Delt Fly", "Reverse Flys", "isolation", ("dumbbell",), ("rear_delts",),
      ("upper_back",), aliases_de=("Vorgebeugtes Seitheben",)),
    S("Cable Fly", "Kabelzug-Flys", "isolation", ("cable",), ("chest",), ("front_delts",),
      aliases_en=("Cable Crossover",), aliases_de=("Cable Crossover",)),
    S("Leg Extension", "Beinstrecker", "isolation", ("machine",), ("quadriceps",)),
    S("Lying Leg Curl", "Beinbeuger liegend", "isolation", ("machine",), ("hamstrings",)),
    S("Standing Calf Raise", "Wadenheben stehend", "isolation", ("machine",), ("calves",)),
    S("Seated Calf Raise", "Wadenheben sitzend", "isolation", ("machine",), ("calves",)),
    S("Shrug", "Schulterheben", "isolation", ("barbell", "dumbbell"), ("traps",),
      aliases_en=("Barbell Shrug",), aliases_de=("Shrugs",)),
    # Jumps and conditioning
    S("Box Jump", "Kastensprung", "plyometric", ("box",), ("quadriceps", "glutes"),
      ("calves",), aliases_de=("Box Jump",)),
    S("Broad Jump", "Standweitsprung", "plyometric", ("bodyweight",),
      ("glutes", "quadriceps"), ("hamstrings", "calves"), tracking="distance"),
    S("Medicine Ball Slam", "Medizinball-Slam", "plyometric", ("medicine_ball",),
      ("lats", "abs"), ("front_delts",)),
    S("Burpee", "Burpee", "conditioning", ("bodyweight",), ("quadriceps", "chest"),
      ("abs", "triceps")),
    S("Rowing Machine", "Rudergerät", "conditioning", ("rower",), ("upper_back", "quadriceps"),
      ("lats", "glutes"), tracking="distance", aliases_en=("Row Erg",),
      aliases_de=("Rudern am Ergometer",)),
    S("Air Bike", "Air Bike", "conditioning", ("bike",), ("quadriceps",),
      ("glutes", "front_delts"), tracking="time", aliases_en=("Assault Bike", "Fan Bike")),
]
# fmt: on

# English name -> (url, description for people who cannot watch it). Placeholder ids.
VIDEOS: dict[str, tuple[str, str]] = {
    "Back Squat": (
        "https://www.youtube.com/watch?v=bsQDemo0001",
        "Bar on the upper back, feet shoulder-width apart; sit down between the heels until the"
        " hips are below the knees, then stand up, knees tracking over the toes.",
    ),
    "Bench Press": (
        "https://youtu.be/bpQDemo0002",
        "Lying on a bench, shoulder blades pulled back; lower the bar to the lower chest and"
        " press it back up over the shoulders.",
    ),
    "Deadlift": (
        "https://vimeo.com/900000003",
        "Bar over mid-foot; hinge at the hips with a flat back, grip the bar, then stand up by"
        " pushing the floor away, bar close to the legs.",
    ),
    "Pull-up": (
        "https://www.youtube.com/shorts/puQDemo0004",
        "Hanging from the bar, palms facing away; pull until the chin passes the bar, then lower"
        " to straight arms.",
    ),
    "Romanian Deadlift": (
        "https://player.vimeo.com/video/900000005",
        "Standing with the bar; push the hips back with soft knees until the hamstrings stretch,"
        " bar sliding down the thighs, then drive the hips forward.",
    ),
}
