package org.slmcluster.runtime.evaluation;

/**
 * Instruction-adherence failures of an answer, the failure modes the source study observed in small
 * models. An answer may carry several; ledgers report the share of answers carrying each.
 */
public enum AdherenceFlag {
    /** Text beyond what was asked for (explanations, preambles, chatter around the answer). */
    EXTRA_CONTENT,
    /** The answer repeats a substantial part of the prompt. */
    PROMPT_ECHO,
    /** Classification: the answer names none of the defined classes. */
    INVALID_LABEL,
    /** The answer could not be read in the requested format (e.g. NER output that is no entity list). */
    UNPARSEABLE
}
