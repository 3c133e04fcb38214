import{a}from"./chunk-QNOBYDLL.js";import"./chunk-WFLCDMIZ.js";export{a as reactions};
