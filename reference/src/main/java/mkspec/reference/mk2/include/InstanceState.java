package mkspec.reference.mk2.include;

/** enum mk_instance_state as the mk2 host assigns it ([MH14]; EMPTY and FAILED are never assigned). */
public enum InstanceState {
    READY, LOADED, ACTIVE
}
