import{c as a}from"./chunk-LFRYJM5U.js";import"./chunk-IMSFU2CT.js";export{a as reactions};
