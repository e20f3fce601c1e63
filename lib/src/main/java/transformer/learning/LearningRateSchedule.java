package transformer.learning;

/** The learning rate to use at each optimiser step; steps count from 1. */
@FunctionalInterface
public interface LearningRateSchedule {

    double learningRate(int step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("LearningRateSchedule.constant: rate is " + rate
                    + "; expected a finite number > 0");
        }
        return step -> rate;
    }
}
