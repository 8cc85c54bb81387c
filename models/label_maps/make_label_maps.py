#!/usr/bin/python3
"""Writes the two genre maps of this folder (see README.md for the choices):

  spotify_114_to_10.json  the 114 `track_genre` values of the public "Spotify Tracks" dataset → 10 broad genres
  top2000_to_broad.json   the 149 "Top Genre" values of spotify_top2000.csv → 10 broad genres, by ordered
                          keyword rules plus a few explicit decisions

The Top-2000 genre names are read from ../shared/data/spotify_top2000.csv (only the distinct genre names
are written, never rows of the data). Run from the repository root:
    /usr/bin/python3 models/label_maps/make_label_maps.py [path/to/spotify_top2000.csv]
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ------------------------------------------------------------------------------------------ Spotify 114
BROAD_10 = ["rock", "pop", "electronic", "hip-hop/r&b", "metal/punk", "jazz/blues/soul", "classical/ambient",
            "folk/country", "latin/world", "other/mood"]
SPOTIFY_114 = {
    "rock": ["alt-rock", "alternative", "british", "goth", "grunge", "hard-rock", "indie", "j-rock", "power-pop",
             "psych-rock", "rock", "rock-n-roll", "rockabilly"],
    "pop": ["anime", "cantopop", "disco", "french", "german", "indie-pop", "j-dance", "j-idol", "j-pop", "k-pop",
            "mandopop", "pop", "pop-film", "swedish", "synth-pop"],
    "electronic": ["breakbeat", "chicago-house", "club", "dance", "deep-house", "detroit-techno", "drum-and-bass",
                   "dubstep", "edm", "electro", "electronic", "garage", "hardstyle", "house", "idm", "minimal-techno",
                   "progressive-house", "techno", "trance", "trip-hop"],
    "hip-hop/r&b": ["hip-hop", "r-n-b"],
    "metal/punk": ["black-metal", "death-metal", "emo", "grindcore", "hardcore", "heavy-metal", "industrial", "metal",
                   "metalcore", "punk", "punk-rock"],
    "jazz/blues/soul": ["blues", "funk", "gospel", "groove", "jazz", "soul"],
    "classical/ambient": ["ambient", "classical", "new-age", "opera", "piano"],
    "folk/country": ["acoustic", "bluegrass", "country", "folk", "guitar", "honky-tonk", "singer-songwriter", "songwriter"],
    "latin/world": ["afrobeat", "brazil", "dancehall", "dub", "forro", "indian", "iranian", "latin", "latino", "malay",
                    "mpb", "pagode", "reggae", "reggaeton", "salsa", "samba", "sertanejo", "ska", "spanish", "tango",
                    "turkish", "world-music"],
    "other/mood": ["children", "chill", "comedy", "disney", "happy", "kids", "party", "romance", "sad", "show-tunes",
                   "sleep", "study"],
}

# ------------------------------------------------------------------------------------------ Top 2000
BROAD_TOP = ["rock", "pop", "dance/electronic", "hip hop", "soul/r&b", "folk/singer-songwriter", "metal", "country",
             "jazz/blues", "other"]
# Decisions that keywords would get wrong, checked first.
TOP_EXPLICIT = {
    "adult standards": "jazz/blues",        # crooners and vocal standards (Sinatra, Norah Jones)
    "blues rock": "rock",
    "celtic punk": "rock", "celtic rock": "rock", "modern folk rock": "rock",
    "cyberpunk": "dance/electronic",
    "dance pop": "pop", "dance rock": "rock", "electropop": "pop", "hip pop": "hip hop",
    "disco": "dance/electronic", "basshall": "dance/electronic", "big beat": "dance/electronic",
    "big room": "dance/electronic", "gabba": "dance/electronic", "happy hardcore": "dance/electronic",
    "j-core": "dance/electronic", "downtempo": "dance/electronic",
    "new wave pop": "pop", "mellow gold": "rock", "permanent wave": "rock", "british invasion": "rock", "yacht rock": "rock",
    "britpop": "rock", "grunge": "rock", "dutch prog": "rock", "australian psych": "rock",
    "dutch indie": "rock", "icelandic indie": "rock", "alaska indie": "rock",
    "neo mellow": "pop", "boy band": "pop", "nederpop": "pop", "europop": "pop", "austropop": "pop",
    "metropopolis": "pop", "levenslied": "pop", "classic schlager": "pop", "afropop": "pop",
    "latin jazz": "jazz/blues", "bebop": "jazz/blues",
    "chanson": "folk/singer-songwriter", "stomp and holler": "folk/singer-songwriter", "celtic": "folk/singer-songwriter",
    "motown": "soul/r&b", "funk": "soul/r&b",
    "g funk": "hip hop",
    "dutch cabaret": "other", "carnaval limburg": "other", "christelijk": "other", "ccm": "other",
    "streektaal": "other", "laboratorio": "other", "compositional ambient": "other", "classic soundtrack": "other",
    "latin": "other", "latin alternative": "other", "reggae": "other", "reggae fusion": "other",
}
# Ordered keyword rules: the first keyword found in the genre name decides.
TOP_KEYWORDS = [
    ("metal", "metal"),
    ("hip hop", "hip hop"), ("rap", "hip hop"),
    ("country", "country"), ("americana", "country"),
    ("soul", "soul/r&b"), ("r&b", "soul/r&b"),
    ("jazz", "jazz/blues"), ("blues", "jazz/blues"),
    ("singer-songwriter", "folk/singer-songwriter"), ("folk", "folk/singer-songwriter"),
    ("dance", "dance/electronic"), ("edm", "dance/electronic"), ("electro", "dance/electronic"),
    ("house", "dance/electronic"), ("trance", "dance/electronic"), ("techno", "dance/electronic"),
    ("rock", "rock"), ("punk", "rock"), ("wave", "rock"), ("garage", "rock"),
    ("pop", "pop"),
]


def top_broad(genre):
    if genre in TOP_EXPLICIT:
        return TOP_EXPLICIT[genre]
    for key, broad in TOP_KEYWORDS:
        if key in genre:
            return broad
    return None


def main():
    spotify = {}
    for broad, fine in SPOTIFY_114.items():
        for g in fine:
            assert g not in spotify, g
            spotify[g] = broad
    assert len(spotify) == 114, len(spotify)
    assert set(spotify.values()) == set(BROAD_10)
    with open(os.path.join(HERE, "spotify_114_to_10.json"), "w") as f:
        json.dump({"format": "genrelab-label-map", "version": 1, "name": "spotify_114_to_10",
                   "description": "The 114 track_genre values of the public 'Spotify Tracks' dataset grouped into 10 broad genres (see README.md).",
                   "source": "track_genre of the Spotify Tracks dataset (114 genres × 1,000 tracks)",
                   "broad": BROAD_10, "map": dict(sorted(spotify.items()))}, f, indent=1, ensure_ascii=False)
        f.write("\n")

    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../shared/data/spotify_top2000.csv")
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    genres = sorted({r["Top Genre"].strip() for r in rows if r["Top Genre"].strip()})
    top = {}
    for g in genres:
        b = top_broad(g)
        if b is None:
            raise SystemExit(f"no rule for Top-2000 genre '{g}': add a keyword or an explicit entry")
        top[g] = b
    assert set(top.values()) <= set(BROAD_TOP)
    with open(os.path.join(HERE, "top2000_to_broad.json"), "w") as f:
        json.dump({"format": "genrelab-label-map", "version": 1, "name": "top2000_to_broad",
                   "description": "The 'Top Genre' values of the Spotify All Time Top 2000s file grouped into 10 broad genres by ordered keyword rules (see README.md).",
                   "source": "Top Genre of spotify_top2000.csv (149 fine genres)",
                   "broad": BROAD_TOP, "map": top}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    counts = {}
    for r in rows:
        counts[top[r["Top Genre"].strip()]] = counts.get(top[r["Top Genre"].strip()], 0) + 1
    print(f"spotify_114_to_10: {len(spotify)} genres; top2000_to_broad: {len(top)} genres; Top-2000 songs per broad genre: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])), file=sys.stderr)


if __name__ == "__main__":
    main()
