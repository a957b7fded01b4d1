package io.maillake.simulator.gen;

import io.maillake.simulator.PlantedPattern;

import java.util.Locale;

/**
 * The shared values of a {@link PlantedPattern#IMPERSONATION_THEN_CLICK} pair: the impersonation
 * message and the later click on one of its links, both derived from one seed, so the
 * impersonation writer and the click writer agree without sharing state.
 *
 * @param sender a user's name on a free-mail address, numbered 100-999 (the background's numbers
 *               are 0-99, so a pair's sender never meets a background message by chance)
 */
record ClickPair(byte[] recipient, String victimName, String sender, String messageId, byte[] subject, long urlBits) {

    static ClickPair of(AccountProfile p, long pairSeed) {
        Rng r = new Rng(pairSeed);
        byte[] recipient = p.users[r.nextInt(p.users.length)];
        String name = p.userNames[r.nextInt(p.userNames.length)];
        String sender = name.toLowerCase(Locale.ROOT).replace(' ', '.') + (100 + r.nextInt(900)) + "@" + r.pick(Vocabulary.FREEMAIL);
        String messageId = "<" + String.format("%016x", r.nextLong()) + "-" + r.nextInt(1_000_000) + "@"
                + r.pick(Vocabulary.MESSAGE_ID_HOSTS) + ">";
        byte[] subject = RecordWriter.q(r.pick(Vocabulary.BAD_SUBJECTS));
        return new ClickPair(recipient, name, sender, messageId, subject, r.nextLong());
    }
}
