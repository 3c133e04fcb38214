import{c as a}from"./chunk-5JHZGS2Q.js";import"./chunk-LJMNRTO5.js";export{a as reactions};
