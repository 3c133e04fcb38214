import{a}from"./chunk-XNBMQTM5.js";import"./chunk-IMSFU2CT.js";export{a as openConnection};
