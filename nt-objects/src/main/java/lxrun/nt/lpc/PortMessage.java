package lxrun.nt.lpc;

/** A request on a communication port (PORT_MESSAGE): the API number and its arguments, a record. */
public record PortMessage(Enum<?> api, Record arguments) {}
